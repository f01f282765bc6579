package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * One FHIR NPM package in folder form ({@code profiles/} or {@code terminology/}): its name and version from
 * {@code package.json}, the resources at its root (not the examples) and a SHA-256 over its files, which is
 * what tells the installer whether anything changed since the last start.
 */
public record ConformancePackage(String name, String version, List<IBaseResource> resources, String contentHash) {

  /** Where the build puts the package folders on the classpath (see the resources plugin in pom.xml). */
  public static final String CLASSPATH_ROOT = "sluis-packages/";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code classpath:sluis-packages/<folder>/*.json}, in the jar or in target/classes. */
  public static ConformancePackage fromClasspath(FhirContext ctx, String folder) {
    try {
      Resource[] found = new PathMatchingResourcePatternResolver()
          .getResources("classpath*:" + CLASSPATH_ROOT + folder + "/*.json");
      Map<String, byte[]> files = new TreeMap<>();
      for (Resource r : found) {
        try (InputStream in = r.getInputStream()) {
          files.put(r.getFilename(), in.readAllBytes());
        }
      }
      if (!files.containsKey("package.json")) {
        throw new IllegalStateException("No FHIR package on the classpath at " + CLASSPATH_ROOT + folder
            + " (the build copies profiles/ and terminology/ there)");
      }
      return of(ctx, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a package folder on disk (its root JSON files only). */
  public static ConformancePackage fromFolder(FhirContext ctx, Path folder) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(folder)) {
      for (Path p : list.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".json")).toList()) {
        files.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return of(ctx, files);
  }

  private static ConformancePackage of(FhirContext ctx, Map<String, byte[]> filesByName) {
    try {
      JsonNode manifest = JSON.readTree(filesByName.get("package.json"));
      List<IBaseResource> resources = new ArrayList<>();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> file : filesByName.entrySet()) {
        sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update(file.getValue());
        if (!file.getKey().equals("package.json") && !file.getKey().startsWith(".")) {
          resources.add(ctx.newJsonParser().parseResource(new String(file.getValue(), StandardCharsets.UTF_8)));
        }
      }
      resources.sort(Comparator.comparing(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()));
      return new ConformancePackage(manifest.path("name").asText(), manifest.path("version").asText(),
          List.copyOf(resources), HexFormat.of().formatHex(sha.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The resources of one FHIR type, e.g. all StructureDefinitions. */
  public List<IBaseResource> resourcesOfType(String fhirType) {
    return resources.stream().filter(r -> r.fhirType().equals(fhirType)).toList();
  }

  @Override
  public String toString() {
    return name + "#" + version + " (" + resources.size() + " resources, sha256 " + contentHash.substring(0, 12) + ")";
  }
}
