package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * A recorded judgement that a client of 12 or over lacks capacity (wilsonbekwaam) to decide on sharing
 * information (profile sluis-Observation-LacksCapacity): validated on write; while it holds, the representative
 * it names consents instead of the client; when it ends, the representative's consent stops counting at once.
 */
class LacksCapacityHttpTest extends PostgresServerTest {

  private static String judgement(String patient, String representative, String practitioner, LocalDate start,
      LocalDate end, String matter) {
    String extension = representative == null ? "" : "\"extension\":[{\"url\":"
        + "\"http://sluis.nl/fhir/StructureDefinition/sluis-ext-Representative\",\"valueReference\":{\"reference\":"
        + "\"RelatedPerson/" + representative + "\"}}],";
    return "{\"resourceType\":\"Observation\"," + extension + "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
        + "\"http://sluis.nl/fhir/CodeSystem/capacity\",\"code\":\"lacks-capacity\"}]},\"subject\":{\"reference\":"
        + "\"Patient/" + patient + "\"},\"effectivePeriod\":{\"start\":\"" + start + "\""
        + (end == null ? "" : ",\"end\":\"" + end + "\"") + "},\"issued\":\"" + start + "T10:00:00+01:00\","
        + "\"performer\":[{\"reference\":\"Practitioner/" + practitioner + "\"}],\"valueCodeableConcept\":{\"coding\":"
        + "[{\"system\":\"http://sluis.nl/fhir/CodeSystem/capacity-matter\",\"code\":\"" + matter + "\"}]}}";
  }

  /** A consent for the GP to receive the client's Observations, given by the mentor, not the client. */
  private static String consentByMentor(String patient, String mentor) {
    return DisclosureFixture.consentForGp(patient, "active", DisclosureFixture.classes("Observation"))
        .replace("\"performer\":[{\"reference\":\"Patient/" + patient + "\"}]",
            "\"performer\":[{\"reference\":\"RelatedPerson/" + mentor + "\"}]");
  }

  @Test
  void theNamedRepresentativeConsentsWhileTheJudgementHolds() {
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random()); // a client of 17
    String mentor = fixture.create("/fhir/RelatedPerson", "{\"resourceType\":\"RelatedPerson\",\"patient\":{"
        + "\"reference\":\"Patient/" + fixture.patient + "\"},\"relationship\":[{\"coding\":[{\"system\":"
        + "\"urn:oid:2.16.840.1.113883.2.4.3.11.22.472\",\"code\":\"24\"}]}],\"name\":[{\"use\":\"official\","
        + "\"family\":\"Mentor" + fixture.marker + "\"}]}");
    String psychiatrist = fixture.create("/fhir/Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{"
        + "\"use\":\"official\",\"family\":\"Jansen\"}]}");
    fixture.create("/fhir/Consent", consentByMentor(fixture.patient, mentor));
    FhirHttp gp = anonymous().withToken(TestTokens.token(DisclosureFixture.GP_URA, "uzi-900000036", "01.015",
        "TREAT", "system/*.rs", null));
    String observation = "/fhir/Observation/" + fixture.sharedObservation;
    assertThat(gp.get(observation).statusCode()).as("a capable 17-year-old decides alone").isEqualTo(404);

    LocalDate today = LocalDate.now();
    String judgement = fixture.create("/fhir/Observation",
        judgement(fixture.patient, mentor, psychiatrist, today.minusDays(1), null, "information-sharing"));
    HttpResponse<String> permitted = gp.get(observation);
    assertThat(permitted.statusCode()).as(permitted.body()).isEqualTo(200);

    // the judgement ended yesterday: the mentor's consent no longer counts
    HttpResponse<String> ended = http().put("/fhir/Observation/" + judgement, FHIR_JSON,
        judgement(fixture.patient, mentor, psychiatrist, today.minusDays(3), today.minusDays(1), "information-sharing")
            .replace("{\"resourceType\":\"Observation\",", "{\"resourceType\":\"Observation\",\"id\":\"" + judgement + "\","));
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    assertThat(gp.get(observation).statusCode()).isEqualTo(404);
  }

  @Test
  void aJudgementWithoutRepresentativeOrWithAnUnknownMatterIsRefused() {
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    String psychiatrist = fixture.create("/fhir/Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{"
        + "\"use\":\"official\",\"family\":\"Jansen\"}]}");
    HttpResponse<String> noRepresentative = http().post("/fhir/Observation", FHIR_JSON,
        judgement(fixture.patient, null, psychiatrist, LocalDate.now(), null, "information-sharing"));
    assertThat(noRepresentative.statusCode()).as(noRepresentative.body()).isEqualTo(422);
    assertThat(noRepresentative.body()).contains("OperationOutcome").contains("representative");
    String mother = fixture.create("/fhir/RelatedPerson", "{\"resourceType\":\"RelatedPerson\",\"patient\":{"
        + "\"reference\":\"Patient/" + fixture.patient + "\"},\"relationship\":[{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/v3-RoleCode\",\"code\":\"MTH\"}]}]}");
    HttpResponse<String> unknownMatter = http().post("/fhir/Observation", FHIR_JSON,
        judgement(fixture.patient, mother, psychiatrist, LocalDate.now(), null, "everything"));
    assertThat(unknownMatter.statusCode()).as(unknownMatter.body()).isEqualTo(422);
    assertThat(unknownMatter.body()).contains("OperationOutcome").contains("everything");
  }
}
