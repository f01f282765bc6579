package nl.sluis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;

/**
 * {@code $validate} answers what a write answers: the same implied Sluis profile and rules, so the same errors and
 * warnings for the same body — at type level (mode create, and without a mode) and at instance level (mode update).
 */
class ValidateEqualsWriteHttpTest extends PostgresServerTest {

  /** Invalid BSN, no birth date, an nl-core profile we do not hold (a warning), an undefined extension. */
  private static final String INVALID_PATIENT = """
      {"resourceType":"Patient",%s
       "meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient"]},
       "extension":[{"url":"http://example.org/fhir/StructureDefinition/unknown","valueString":"x"}],
       "identifier":[{"system":"http://fhir.nl/fhir/NamingSystem/bsn","value":"123456789"}],
       "name":[{"use":"official","family":"Jansen","given":["Anna"]}]}""";

  @Test
  void typeLevelValidateGivesTheIssuesOfACreate() {
    String body = INVALID_PATIENT.formatted("");
    HttpResponse<String> create = http().post("/fhir/Patient", FhirHttp.FHIR_JSON, body);
    assertThat(create.statusCode()).as(create.body()).isEqualTo(422);
    Set<String> createIssues = issues(create.body());
    assertThat(createIssues).anyMatch(i -> i.contains("sluis-bsn-1")).anyMatch(i -> i.contains("birthDate"))
        .anyMatch(i -> i.startsWith("warning") && i.contains("nl-core-Patient"));

    for (String query : List.of("?mode=create", "")) {
      HttpResponse<String> validate = http().post("/fhir/Patient/$validate" + query, FhirHttp.FHIR_JSON, body);
      assertThat(validate.statusCode()).as(validate.body()).isEqualTo(200);
      assertThat(issues(validate.body())).as("$validate%s", query).isEqualTo(createIssues);
    }
  }

  @Test
  void instanceLevelValidateGivesTheIssuesOfAnUpdate() {
    String valid = """
        {"resourceType":"Patient","name":[{"use":"official","family":"Jansen","given":["Anna"]}],
         "birthDate":"2001-02-03"}""";
    HttpResponse<String> created = http().post("/fhir/Patient", FhirHttp.FHIR_JSON, valid);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = FhirHttp.idFromLocation(created);
    String body = INVALID_PATIENT.formatted("\"id\":\"" + id + "\",");

    HttpResponse<String> update = http().put("/fhir/Patient/" + id, FhirHttp.FHIR_JSON, body);
    assertThat(update.statusCode()).as(update.body()).isEqualTo(422);
    HttpResponse<String> validate = http().post("/fhir/Patient/" + id + "/$validate?mode=update", FhirHttp.FHIR_JSON,
        body);
    assertThat(validate.statusCode()).as(validate.body()).isEqualTo(200);
    assertThat(issues(validate.body())).isEqualTo(issues(update.body())).isNotEmpty();
  }

  /** Errors and warnings as "severity | diagnostics | location" (informational issues are left out). */
  private static Set<String> issues(String operationOutcome) {
    Set<String> out = new TreeSet<>();
    for (JsonNode issue : ExampleFiles.json(operationOutcome).path("issue")) {
      String severity = issue.path("severity").asText();
      if (severity.equals("error") || severity.equals("fatal") || severity.equals("warning")) {
        out.add(severity + " | " + issue.path("diagnostics").asText() + " | " + issue.path("location").path(0).asText());
      }
    }
    return out;
  }
}
