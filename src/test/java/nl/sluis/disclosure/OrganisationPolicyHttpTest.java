package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/** {@code Consent/$organisation-policy}: the policy in force and its versions, for the privacy officer only. */
class OrganisationPolicyHttpTest extends PostgresServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPERATION = "/fhir/Consent/$organisation-policy";

  @Test
  void thePolicyInForceWithItsVersionsNewestFirst() throws IOException {
    FhirHttp officer = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "po-1", "privacy-officer", null,
        "user/*.cruds", null));
    // the policy's performer and organisation, as the examples have them
    for (String[] record : new String[][] {{"Organization", "ggz-de-sluis"},
        {"Practitioner", "privacy-officer-01-persoon"}, {"PractitionerRole", "privacy-officer-01"}}) {
      HttpResponse<String> stored = http().put("/fhir/" + record[0] + "/" + record[1], FHIR_JSON,
          Files.readString(Path.of("profiles/example", record[0] + "-" + record[1] + ".json")));
      assertThat(stored.statusCode()).as(stored.body()).isIn(200, 201);
    }
    String policy = Files.readString(Path.of("profiles/example/Consent-organisatiebeleid.json"));
    HttpResponse<String> created = officer.post("/fhir/Consent", FHIR_JSON, policy);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = FhirHttp.idFromLocation(created);
    String withId = policy.replace("\"id\": \"organisatiebeleid\"", "\"id\": \"" + id + "\"");
    String edited = withId.replace("\"dateTime\": \"2026-11-01T09:00:00+01:00\"", "\"dateTime\": \"2026-11-02T09:00:00+01:00\"");
    try {
      assertThat(officer.put("/fhir/Consent/" + id, FHIR_JSON, edited).statusCode()).isEqualTo(200);

      for (FhirHttp allowed : List.of(officer, http())) {
        HttpResponse<String> answer = allowed.get(OPERATION);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode bundle = JSON.readTree(answer.body());
        assertThat(bundle.path("type").asText()).isEqualTo("history");
        assertThat(bundle.has("total")).isFalse();
        List<String> versions = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
          assertThat(entry.path("resource").path("id").asText()).isEqualTo(id);
          versions.add(entry.path("resource").path("meta").path("versionId").asText()
              + " " + entry.path("request").path("method").asText());
        }
        assertThat(versions).containsExactly("2 PUT", "1 POST");
        assertThat(bundle.path("entry").get(0).path("resource").path("dateTime").asText()).startsWith("2026-11-02");
      }

      // everyone else: refused before any read, the same answer whatever is stored
      FhirHttp psychiatrist = anonymous().withToken(TestTokens.internalProfessional("user/*.cruds"));
      FhirHttp external = anonymous().withToken(TestTokens.token("00000002", "x", "01.015", "TREAT", "system/*.rs", null));
      for (FhirHttp refused : List.of(psychiatrist, external)) {
        HttpResponse<String> answer = refused.get(OPERATION);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body()).contains("OperationOutcome").doesNotContain(id);
      }
      assertThat(anonymous().get(OPERATION).statusCode()).isEqualTo(401);
    } finally {
      // withdraw it again: the other tests in this shared server rely on the configured default policy
      assertThat(officer.put("/fhir/Consent/" + id, FHIR_JSON,
          withId.replace("\"status\": \"active\"", "\"status\": \"inactive\"")).statusCode()).isEqualTo(200);
    }
    JsonNode after = JSON.readTree(officer.get(OPERATION).body());
    assertThat(after.path("entry").toString()).as("an inactive policy is not in force").doesNotContain("\"" + id + "\"");
  }
}
