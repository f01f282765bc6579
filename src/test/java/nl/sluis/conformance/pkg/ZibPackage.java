package nl.sluis.conformance.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The JSON resources of a Nictiz package {@code .tgz} ({@code ../shared/nl-core}), read straight from the archive:
 * by file name ({@code package/...}) and by canonical url. Test data only; callers skip when it is absent.
 */
final class ZibPackage {

  private final Map<String, JsonNode> byFile = new LinkedHashMap<>();
  private final Map<String, JsonNode> byUrl = new LinkedHashMap<>();

  private ZibPackage() {}

  static Path zib2020Tgz() {
    return Hl7Validator.nlCoreDir().resolve("nictiz.fhir.nl.r4.zib2020-0.12.0-beta.4-snapshots.tgz");
  }

  static Path nlCoreTgz() {
    return Hl7Validator.nlCoreDir().resolve("nictiz.fhir.nl.r4.nl-core-0.12.0-beta.4-snapshots.tgz");
  }

  static ZibPackage read(Path tgz) {
    ZibPackage pkg = new ZibPackage();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isDirectory() || !e.getName().endsWith(".json")) {
          continue;
        }
        JsonNode json = Examples.JSON.readTree(tar.readAllBytes());
        pkg.byFile.put(e.getName(), json);
        if (json.hasNonNull("url") && json.has("resourceType") && !e.getName().contains("/examples/")) {
          pkg.byUrl.put(json.path("url").asText(), json);
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return pkg;
  }

  Map<String, JsonNode> files() {
    return byFile;
  }

  JsonNode byUrl(String url) {
    JsonNode node = byUrl.get(url);
    if (node == null) {
      throw new AssertionError("not in the package: " + url);
    }
    return node;
  }
}
