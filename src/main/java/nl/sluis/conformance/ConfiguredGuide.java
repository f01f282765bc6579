package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import nl.sluis.server.FhirServerProperties;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * One extra FHIR package named in {@code hapi.fhir.implementationguides.<key>}, read with HAPI's {@link NpmPackage}
 * from a local {@code .tgz} or folder: its conformance resources as a {@link ConformancePackage} (so it is installed
 * and validated exactly like ours), the packages it depends on and the canonical the CapabilityStatement lists.
 * Nothing is ever fetched: a registry URL is refused.
 */
record ConfiguredGuide(String key, ConformancePackage content, List<String> dependencies, String canonical) {

  /** What is installed and validated against; examples, ConceptMaps and NamingSystems are not needed for that. */
  static final String[] INSTALLED_TYPES = {"StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter"};

  static ConfiguredGuide read(FhirContext ctx, String key, FhirServerProperties.ImplementationGuide spec) {
    String at = "hapi.fhir.implementationguides." + key + ".packageUrl=" + spec.getPackageUrl();
    Path path = localPath(at, spec.getPackageUrl());
    NpmPackage npm;
    try {
      npm = Files.isDirectory(path) ? fromFolder(at, path) : fromTgz(path);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(at + ": not a readable FHIR package (" + e + ")", e);
    }
    expect(at, "name", spec.getName(), npm.name());
    expect(at, "version", spec.getVersion(), npm.version());
    try {
      return new ConfiguredGuide(key, content(ctx, npm), npm.dependencies(), canonical(npm));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(at + ": a resource of " + npm.name() + "#" + npm.version()
          + " cannot be read (" + e + ")", e);
    }
  }

  private static Path localPath(String at, String packageUrl) {
    if (packageUrl == null || packageUrl.isBlank()) {
      throw new IllegalStateException(at + ": packageUrl is required (a .tgz or a package folder)");
    }
    Path path;
    if (packageUrl.startsWith("file:")) {
      path = Path.of(URI.create(packageUrl));
    } else if (packageUrl.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !packageUrl.matches("^[a-zA-Z]:[\\\\/].*")) {
      throw new IllegalStateException(at + ": only local files and folders (a path or file: URL) can be installed; "
          + "Sluis never downloads packages");
    } else {
      path = Path.of(packageUrl);
    }
    if (!Files.exists(path)) {
      throw new IllegalStateException(at + ": no such file or folder (" + path.toAbsolutePath() + ")");
    }
    return path;
  }

  /** An unpacked .tgz: the folder holding {@code package/package.json}, or that {@code package} folder itself. */
  private static NpmPackage fromFolder(String at, Path folder) throws IOException {
    Path root = folder.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("package/package.json")) && root.getFileName().toString().equals("package")
        && Files.isRegularFile(root.resolve("package.json"))) {
      root = root.getParent();
    }
    if (!Files.isRegularFile(root.resolve("package/package.json"))) {
      throw new IllegalStateException(at + ": a package folder is an unpacked .tgz: it holds package/package.json");
    }
    return NpmPackage.fromFolder(root.toString());
  }

  private static NpmPackage fromTgz(Path tgz) throws IOException {
    try (InputStream in = Files.newInputStream(tgz)) {
      return NpmPackage.fromPackage(in);
    }
  }

  private static void expect(String at, String what, String configured, String actual) {
    if (configured != null && !configured.isBlank() && !configured.equals(actual)) {
      throw new IllegalStateException(at + ": the package's " + what + " is " + actual + ", configured " + configured);
    }
  }

  /** The installed types' resources, and a SHA-256 over their file names and bytes (what "changed" means). */
  private static ConformancePackage content(FhirContext ctx, NpmPackage npm) throws IOException {
    List<String> files = new ArrayList<>(npm.listResources(INSTALLED_TYPES));
    files.sort(Comparator.naturalOrder());
    List<IBaseResource> resources = new ArrayList<>();
    MessageDigest sha = sha256();
    sha.update((npm.name() + "#" + npm.version()).getBytes(StandardCharsets.UTF_8));
    for (String file : files) {
      byte[] bytes;
      try (InputStream in = npm.loadResource(file)) {
        bytes = in.readAllBytes();
      }
      sha.update(file.getBytes(StandardCharsets.UTF_8));
      sha.update(bytes);
      resources.add(ctx.newJsonParser().parseResource(new String(bytes, StandardCharsets.UTF_8)));
    }
    resources.sort(Comparator.comparing(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()));
    return new ConformancePackage(npm.name(), npm.version(), List.copyOf(resources),
        HexFormat.of().formatHex(sha.digest()));
  }

  /** package.json's {@code canonical} when it has one, else the package id: {@code name|version} either way. */
  private static String canonical(NpmPackage npm) {
    String base = npm.canonical() != null && !npm.canonical().isBlank() ? npm.canonical() : npm.name();
    return base + "|" + npm.version();
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
