package nl.sluis.conformance.pkg;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Fills the HL7 validator's package cache ({@code ${user.home}/.fhir/packages}) without a network: the HL7
 * validator library resolves {@code hl7.fhir.r4.core#4.0.1} (and its companion packages) only from there.
 * <ul>
 *   <li>{@code hl7.fhir.r4.core#4.0.1} is written from the R4 definitions in {@code hapi-fhir-validation-resources-r4}
 *       (once; a marker file says it is complete);</li>
 *   <li>{@code hl7.fhir.xver-extensions#0.1.0} is an empty package (the engine asks for it);</li>
 *   <li>our own packages ({@code profiles/}, {@code terminology/}) are copied fresh on every call, so the
 *       tests always validate the working tree;</li>
 *   <li>optional extra {@code .tgz} packages (nl-core) are unpacked into the cache.</li>
 * </ul>
 */
final class OfflinePackageCache {

  static final String CORE = "hl7.fhir.r4.core#4.0.1";
  private static final String[] R4_DEFINITIONS = {
    "org/hl7/fhir/r4/model/profile/profiles-types.xml",
    "org/hl7/fhir/r4/model/profile/profiles-resources.xml",
    "org/hl7/fhir/r4/model/profile/profiles-others.xml",
    "org/hl7/fhir/r4/model/extension/extension-definitions.xml",
    "org/hl7/fhir/r4/model/valueset/valuesets.xml",
    "org/hl7/fhir/r4/model/valueset/v3-codesystems.xml",
    "org/hl7/fhir/r4/model/valueset/v2-tables.xml",
    "org/hl7/fhir/r4/model/sp/search-parameters.json",
  };

  private OfflinePackageCache() {}

  static Path folder() {
    return Path.of(System.getProperty("user.home"), ".fhir", "packages");
  }

  /** Makes sure R4 core and the empty xver package are in the cache. */
  static synchronized void ensureCore() {
    try {
      Path cache = folder();
      Files.createDirectories(cache);
      Path core = cache.resolve(CORE).resolve("package");
      if (!Files.exists(core.resolve(".sluis-complete"))) {
        deleteRecursively(cache.resolve(CORE));
        Files.createDirectories(core);
        writeCore(core);
        Files.writeString(core.resolve(".sluis-complete"), "written from hapi-fhir-validation-resources-r4\n");
      }
      Path xver = cache.resolve("hl7.fhir.xver-extensions#0.1.0").resolve("package");
      if (!Files.exists(xver.resolve("package.json"))) {
        Files.createDirectories(xver);
        Files.writeString(xver.resolve("package.json"), """
            {
              "name": "hl7.fhir.xver-extensions",
              "version": "0.1.0",
              "fhirVersions": ["4.0.1"],
              "type": "fhir.ig",
              "dependencies": {}
            }
            """);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeCore(Path target) throws IOException {
    FhirContext ctx = FhirContext.forR4Cached();
    IParser json = ctx.newJsonParser().setPrettyPrint(false);
    Set<String> seen = new HashSet<>();
    ClassLoader cl = OfflinePackageCache.class.getClassLoader();
    for (String name : R4_DEFINITIONS) {
      try (InputStream in = cl.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("not on the classpath: " + name);
        }
        IParser parser = name.endsWith(".json") ? ctx.newJsonParser() : ctx.newXmlParser();
        Bundle bundle = parser.parseResource(Bundle.class, new InputStreamReader(in, StandardCharsets.UTF_8));
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
          Resource r = entry.getResource();
          if (r == null || !r.hasIdElement()) {
            continue;
          }
          String file = r.fhirType() + "-" + r.getIdElement().getIdPart() + ".json";
          if (seen.add(file)) {
            Files.writeString(target.resolve(file), json.encodeResourceToString((IBaseResource) r));
          }
        }
      }
    }
    Files.writeString(target.resolve("package.json"), """
        {
          "name": "hl7.fhir.r4.core",
          "version": "4.0.1",
          "type": "Core",
          "fhirVersions": ["4.0.1"],
          "canonical": "http://hl7.org/fhir",
          "url": "http://hl7.org/fhir/R4",
          "dependencies": {}
        }
        """);
  }

  /** Copies a package folder from the working tree into the cache as {@code name#version}. */
  static synchronized void installFolder(Path source, String nameAndVersion) {
    try {
      Path target = folder().resolve(nameAndVersion);
      deleteRecursively(target);
      Path pkg = target.resolve("package");
      try (Stream<Path> files = Files.walk(source)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Path dest = pkg.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(dest);
          } else {
            Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unpacks an NPM {@code .tgz} into the cache as {@code name#version} (once). */
  static synchronized void installTgz(Path tgz, String nameAndVersion) {
    try {
      Path target = folder().resolve(nameAndVersion);
      if (Files.exists(target.resolve("package").resolve("package.json"))) {
        return;
      }
      deleteRecursively(target);
      try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          Path dest = target.resolve(e.getName()).normalize();
          if (!dest.startsWith(target)) {
            throw new IOException("entry outside the package: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(dest);
          } else {
            Files.createDirectories(dest.getParent());
            Files.copy(tar, dest, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(x);
      }
    }
  }
}
