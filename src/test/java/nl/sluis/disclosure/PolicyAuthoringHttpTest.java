package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/** Only the privacy officer writes the organisation policy; a stored policy is what decisions use. */
class PolicyAuthoringHttpTest extends PostgresServerTest {

  private static String example(String file) throws IOException {
    return Files.readString(Path.of("profiles/example", file));
  }

  private void put(FhirHttp client, String type, String id, String body, int... expected) {
    HttpResponse<String> response = client.put("/fhir/" + type + "/" + id, FHIR_JSON, body);
    assertThat(response.statusCode()).as(response.body()).isIn(expected.length == 0 ? new Integer[] {200, 201}
        : java.util.Arrays.stream(expected).boxed().toArray(Integer[]::new));
  }

  @Test
  void onlyThePrivacyOfficerWritesThePolicy() throws IOException {
    put(http(), "Organization", "ggz-de-sluis", example("Organization-ggz-de-sluis.json"));
    put(http(), "Practitioner", "privacy-officer-01-persoon", example("Practitioner-privacy-officer-01-persoon.json"));
    put(http(), "PractitionerRole", "privacy-officer-01", example("PractitionerRole-privacy-officer-01.json"));
    String policy = example("Consent-organisatiebeleid.json");

    FhirHttp psychiatrist = anonymous().withToken(TestTokens.internalProfessional("user/*.cruds"));
    assertThat(psychiatrist.post("/fhir/Consent", FHIR_JSON, policy).statusCode()).isEqualTo(403);
    FhirHttp external = anonymous().withToken(TestTokens.token("00000002", "x", "01.015", "TREAT", "system/*.cruds", null));
    assertThat(external.post("/fhir/Consent", FHIR_JSON, policy).statusCode()).isEqualTo(403);

    FhirHttp officer = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "po-1", "privacy-officer", null,
        "user/*.cruds", null));
    HttpResponse<String> created = officer.post("/fhir/Consent", FHIR_JSON, policy);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = FhirHttp.idFromLocation(created);
    // withdraw it again: the other tests in this shared server rely on the configured default policy
    put(officer, "Consent", id, policy.replace("\"status\": \"active\"", "\"status\": \"inactive\"")
        .replace("\"id\": \"organisatiebeleid\"", "\"id\": \"" + id + "\""));
  }
}
