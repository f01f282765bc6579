package nl.sluis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The package's examples through the running server: every valid one is stored (update by id, in dependency
 * order), every invalid one is refused with 422 and its recorded message at its recorded FHIRPath location.
 * AuditEvents cannot be written through the API (append-only), so theirs go through {@code $validate}.
 */
class ExamplesHttpTest extends PostgresServerTest {

  @TestFactory
  Stream<DynamicTest> everyValidExampleIsAccepted() {
    Map<Path, HttpResponse<String>> responses = ExampleFiles.loadAll(http());
    Stream<DynamicTest> stored = responses.entrySet().stream().map(e -> DynamicTest.dynamicTest(
        e.getKey().getFileName().toString(),
        () -> assertThat(e.getValue().statusCode()).as("%s: %s", e.getKey(), e.getValue().body()).isIn(200, 201)));
    Stream<DynamicTest> validated = ExampleFiles.valid().stream().filter(f -> !ExampleFiles.isStorable(f))
        .map(file -> DynamicTest.dynamicTest(file.getFileName().toString() + " ($validate)", () -> {
          JsonNode resource = ExampleFiles.json(ExampleFiles.read(file));
          String profile = resource.path("meta").path("profile").path(0).asText();
          HttpResponse<String> response = validate(resource.path("resourceType").asText(), profile, file);
          assertThat(issues(response.body())).as(response.body())
              .noneSatisfy(issue -> assertThat(issue.path("severity").asText()).isIn("error", "fatal"));
        }));
    return Stream.concat(stored, validated);
  }

  private HttpResponse<String> validate(String type, String profile, Path file) {
    HttpResponse<String> response = http().post("/fhir/" + type + "/$validate?profile=" + profile, FhirHttp.FHIR_JSON,
        ExampleFiles.read(file));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidExampleIsRefusedWithItsError() {
    ExampleFiles.loadAll(http()); // their references must resolve, so that only the profile can refuse them
    JsonNode expected = ExampleFiles.json(ExampleFiles.read(ExampleFiles.INVALID.resolve("expected-errors.json")));
    assertThat(expected.size()).isEqualTo(ExampleFiles.invalid().size());
    return ExampleFiles.invalid().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      JsonNode want = expected.path(file.getFileName().toString());
      JsonNode resource = ExampleFiles.json(ExampleFiles.read(file));
      HttpResponse<String> response;
      if (ExampleFiles.isStorable(file)) {
        response = http().post("/fhir/" + resource.path("resourceType").asText(), FhirHttp.FHIR_JSON,
            ExampleFiles.read(file));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
      } else {
        response = validate(resource.path("resourceType").asText(), want.path("profile").asText(), file);
      }
      assertThat(issues(response.body())).as(response.body())
          .anySatisfy(issue -> {
            assertThat(issue.path("severity").asText()).isEqualTo("error");
            assertThat(issue.path("diagnostics").asText()).contains(want.path("message").asText());
            assertThat(issue.path("expression").path(0).asText()).isEqualTo(want.path("location").asText());
          });
    }));
  }

  static List<JsonNode> issues(String operationOutcome) {
    List<JsonNode> out = new ArrayList<>();
    ExampleFiles.json(operationOutcome).path("issue").forEach(out::add);
    return out;
  }
}
