package nl.sluis.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Nictiz nl-core and zib2020 packages in {@code ../shared/nl-core}: test data, not shipped; tests skip without. */
final class NlCorePackages {

  static final String ABSENT = "nl-core packages absent: ../shared/nl-core";
  static final Path DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
      .resolve("../shared/nl-core").normalize();
  static final Path NL_CORE = DIR.resolve("nictiz.fhir.nl.r4.nl-core-0.12.0-beta.4-snapshots.tgz");
  static final Path ZIB2020 = DIR.resolve("nictiz.fhir.nl.r4.zib2020-0.12.0-beta.4-snapshots.tgz");

  private NlCorePackages() {}

  static boolean available() {
    return Files.isRegularFile(NL_CORE) && Files.isRegularFile(ZIB2020);
  }
}
