package nl.sluis.conformance;

import static nl.sluis.conformance.GovernedValidationHttpTest.family;
import static nl.sluis.conformance.GovernedValidationHttpTest.patient;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;

/**
 * A refused transaction names every invalid entry (index and fullUrl), not only the first one stored; a refused
 * batch entry's outcome keeps each issue's {@code expression}.
 */
class BundleEntryValidationHttpTest extends PostgresServerTest {

  private static String entry(String fullUrl, String resource) {
    return "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":" + resource
        + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}";
  }

  @Test
  void aRefusedTransactionNamesEveryInvalidEntry() {
    String family = family();
    String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + entry("urn:uuid:8d7a1c52-0000-4000-8000-000000000001", patient(family, "2009-05-17", null)) + ","
        + entry("urn:uuid:8d7a1c52-0000-4000-8000-000000000002", patient(family, null, null)) + ","
        + entry("urn:uuid:8d7a1c52-0000-4000-8000-000000000003", patient(family, "2009-05-17", "123456789")) + "]}";
    HttpResponse<String> response = http().post("/fhir", FHIR_JSON, transaction);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    List<JsonNode> errors = ExamplesHttpTest.issues(response.body()).stream()
        .filter(i -> i.path("severity").asText().equals("error")).toList();
    assertThat(errors).as(response.body())
        .anySatisfy(i -> {
          assertThat(i.path("expression").path(0).asText()).isEqualTo("Bundle.entry[1].resource");
          assertThat(i.path("diagnostics").asText()).contains("Bundle.entry[1]")
              .contains("urn:uuid:8d7a1c52-0000-4000-8000-000000000002").contains("Patient.birthDate");
        })
        .anySatisfy(i -> {
          assertThat(i.path("expression").path(0).asText()).isEqualTo("Bundle.entry[2].resource.identifier[0]");
          assertThat(i.path("diagnostics").asText()).contains("urn:uuid:8d7a1c52-0000-4000-8000-000000000003")
              .contains("sluis-bsn-1");
        })
        .noneSatisfy(i -> assertThat(i.path("diagnostics").asText()).contains("Bundle.entry[0]"));
    assertThat(ExampleFiles.json(http().get("/fhir/Patient?family=" + family).body()).path("entry")).isEmpty();
  }

  @Test
  void aRefusedBatchEntryKeepsItsIssuesExpressions() {
    String family = family();
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + entry("urn:uuid:8d7a1c52-0000-4000-8000-000000000011", patient(family, "2009-05-17", null)) + ","
        + entry("urn:uuid:8d7a1c52-0000-4000-8000-000000000012", patient(family, "2009-05-17", "123456789")) + "]}";
    HttpResponse<String> response = http().post("/fhir", FHIR_JSON, batch);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode entries = ExampleFiles.json(response.body()).path("entry");
    assertThat(entries.path(0).path("response").path("status").asText()).startsWith("201");
    assertThat(entries.path(1).path("response").path("status").asText()).startsWith("422");
    assertThat(entries.path(1).path("response").path("outcome").path("issue")).as(response.body())
        .anySatisfy(i -> {
          assertThat(i.path("severity").asText()).isEqualTo("error");
          assertThat(i.path("diagnostics").asText()).contains("sluis-bsn-1");
          assertThat(i.path("expression").path(0).asText()).isEqualTo("Patient.identifier[0]");
        });
  }
}
