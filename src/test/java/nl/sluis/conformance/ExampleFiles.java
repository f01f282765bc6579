package nl.sluis.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.sluis.testsupport.FhirHttp;

/** The examples in {@code profiles/example/}, and loading them into a running server. */
final class ExampleFiles {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path EXAMPLES = Path.of("profiles", "example");
  static final Path INVALID = EXAMPLES.resolve("invalid");

  private ExampleFiles() {}

  static List<Path> valid() {
    return jsonFiles(EXAMPLES);
  }

  /**
   * AuditEvents are append-only: only the server's audit trail writes them (nl.sluis.audit refuses them through
   * the API with 403), so their examples are checked with $validate instead of being stored.
   */
  static boolean isStorable(Path file) {
    return !file.getFileName().toString().startsWith("AuditEvent-");
  }

  static List<Path> invalid() {
    List<Path> files = jsonFiles(INVALID);
    files.removeIf(p -> p.getFileName().toString().equals("expected-errors.json"));
    return files;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * PUTs every valid example by its id. Examples reference each other, so a write refused for a missing
   * reference target is retried after the others, until a round makes no progress. Idempotent (update by id).
   * Returns the last response per file.
   */
  static Map<Path, HttpResponse<String>> loadAll(FhirHttp http) {
    Map<Path, HttpResponse<String>> last = new LinkedHashMap<>();
    List<Path> pending = new ArrayList<>(valid().stream().filter(ExampleFiles::isStorable).toList());
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (Path file : List.copyOf(pending)) {
        JsonNode resource = json(read(file));
        HttpResponse<String> response = http.put("/fhir/" + resource.path("resourceType").asText() + "/"
            + resource.path("id").asText(), FhirHttp.FHIR_JSON, read(file));
        last.put(file, response);
        if (response.statusCode() / 100 == 2) {
          pending.remove(file);
          progress = true;
        }
      }
    }
    return last;
  }

  private static List<Path> jsonFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
