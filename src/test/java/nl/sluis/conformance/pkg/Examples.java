package nl.sluis.conformance.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The example instances shipped in {@code profiles/example/} and the expected errors of the invalid ones. */
final class Examples {

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One invalid example: the profile it is checked against, a substring of the expected message, its location, and
   * whether the offline HL7 validator can see the error (it cannot check codes of a code system it does not hold,
   * such as the UZI role codes: {@code "hl7": false}; the server's HAPI chain checks them against our value sets).
   */
  record ExpectedError(Path file, String profile, String message, String location, boolean hl7) {}

  private Examples() {}

  static Path exampleDir() {
    return Hl7Validator.profilesDir().resolve("example");
  }

  static Path invalidDir() {
    return exampleDir().resolve("invalid");
  }

  static List<Path> valid() {
    return jsonFiles(exampleDir());
  }

  static List<Path> invalid() {
    List<Path> files = jsonFiles(invalidDir());
    files.removeIf(p -> p.getFileName().toString().equals("expected-errors.json"));
    return files;
  }

  static Map<String, ExpectedError> expectedErrors() {
    JsonNode root = read(invalidDir().resolve("expected-errors.json"));
    Map<String, ExpectedError> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      out.put(e.getKey(), new ExpectedError(invalidDir().resolve(e.getKey()), v.path("profile").asText(),
          v.path("message").asText(), v.path("location").asText(), v.path("hl7").asBoolean(true)));
    }
    return out;
  }

  /** The first profile an instance declares in meta.profile. */
  static String declaredProfile(Path file) {
    JsonNode profiles = read(file).path("meta").path("profile");
    if (!profiles.isArray() || profiles.isEmpty()) {
      throw new AssertionError(file.getFileName() + " declares no meta.profile");
    }
    return profiles.get(0).asText();
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> jsonFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
