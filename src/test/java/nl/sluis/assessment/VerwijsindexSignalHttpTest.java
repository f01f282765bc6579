package nl.sluis.assessment;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The record that a signal about a young person was issued to a regional Verwijsindex: only who, about whom, to
 * which index and when; refused outside the configured age range (0 to 23 by default) on the day it was issued;
 * very restricted.
 */
class VerwijsindexSignalHttpTest extends PostgresServerTest {

  private static final String V = "{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}";

  private String create(String path, String body) {
    HttpResponse<String> response = http().post(path, FHIR_JSON, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }

  private static String signal(String patient, String index, String sender, String sent, String security,
      String extra) {
    return "{\"resourceType\":\"Communication\",\"meta\":{\"security\":[" + security + "]},\"status\":\"completed\","
        + "\"category\":[{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/communication-category\","
        + "\"code\":\"verwijsindex-signal\"}]}],\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"sent\":\""
        + sent + "\",\"recipient\":[{\"reference\":\"Organization/" + index + "\"}],\"sender\":{\"reference\":"
        + "\"Practitioner/" + sender + "\"}" + extra + "}";
  }

  @Test
  void aSignalIsRecordedForAYoungPersonUpToTheDayBeforeTheTwentyFourthBirthday() {
    String patient = create("/fhir/Patient", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
        + "\"http://fhir.nl/fhir/NamingSystem/bsn\",\"value\":\"" + Bsns.random() + "\"}],\"name\":[{\"use\":"
        + "\"official\",\"family\":\"Jong\"}],\"birthDate\":\"2001-05-10\"}");
    String index = create("/fhir/Organization", "{\"resourceType\":\"Organization\",\"name\":\"Verwijsindex regio\"}");
    String sender = create("/fhir/Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"use\":\"official\","
        + "\"family\":\"Jansen\"}]}");

    String recorded = create("/fhir/Communication", signal(patient, index, sender, "2025-05-09", V, ""));
    HttpResponse<String> atTwentyFour = http().post("/fhir/Communication", FHIR_JSON,
        signal(patient, index, sender, "2025-05-10", V, ""));
    assertThat(atTwentyFour.statusCode()).as(atTwentyFour.body()).isEqualTo(422);
    assertThat(atTwentyFour.body()).contains("OperationOutcome").contains("aged 0 to 23");

    HttpResponse<String> withContent = http().post("/fhir/Communication", FHIR_JSON, signal(patient, index, sender,
        "2025-05-09", V, ",\"payload\":[{\"contentString\":\"Zorgen over radicalisering.\"}]"));
    assertThat(withContent.statusCode()).as("never the content").isEqualTo(422);
    assertThat(withContent.body()).contains("payload");
    HttpResponse<String> withConcern = http().post("/fhir/Communication", FHIR_JSON, signal(patient, index, sender,
        "2025-05-09", V, ",\"about\":[{\"reference\":\"Patient/" + patient + "\"}]"));
    assertThat(withConcern.statusCode()).as("no reference to the concern").isEqualTo(422);
    HttpResponse<String> notVeryRestricted = http().post("/fhir/Communication", FHIR_JSON,
        signal(patient, index, sender, "2025-05-09", "", ""));
    assertThat(notVeryRestricted.statusCode()).as(notVeryRestricted.body()).isEqualTo(422);

    // a psychiatrist with need-to-know but outside the care team and the very-restricted roles does not see it
    FhirHttp psychiatrist = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000037", "01.035",
        "TREAT", "user/*.rs", null));
    assertThat(psychiatrist.get("/fhir/Communication/" + recorded).statusCode()).isEqualTo(404);
    assertThat(http().get("/fhir/Communication/" + recorded).statusCode()).isEqualTo(200);
  }
}
