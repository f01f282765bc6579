package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The README's worked examples 2 (a parent asking) and 4 (an anonymous consultation), as written there, over
 * HTTP: permitted access must actually happen, not only forbidden access be refused.
 */
class WorkedExamplesHttpTest extends PostgresServerTest {

  private String create(String path, String body) {
    HttpResponse<String> response = http().post(path, FHIR_JSON, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }

  private String mother(String client, String relationship) {
    return create("/fhir/RelatedPerson", "{\"resourceType\":\"RelatedPerson\",\"patient\":{\"reference\":\"Patient/"
        + client + "\"},\"relationship\":[{\"coding\":[{\"system\":\"" + relationship + "}]},{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/v3-RoleCode\",\"code\":\"MTH\"}]}],\"name\":[{\"use\":\"official\","
        + "\"family\":\"de Vries-Bakker\"}]}");
  }

  private static final String LEGAL_REPRESENTATIVE = "urn:oid:2.16.840.1.113883.2.4.3.11.22.472\",\"code\":\"24\"";

  private FhirHttp portal(String relatedPerson, String client) {
    return anonymous().withToken(TestTokens.withClaims(Map.of("scope", "patient/*.rs", "fhirUser",
        "RelatedPerson/" + relatedPerson, "patient", client,
        "extensions", Map.of("hl7-b2b", Map.of("subject_id", "digid-" + relatedPerson)))));
  }

  @Test
  void example2AParentAsking() {
    DisclosureFixture seventeen = new DisclosureFixture(http(), Bsns.random());
    String motherOfSeventeen = mother(seventeen.patient, LEGAL_REPRESENTATIVE);
    FhirHttp asMother = portal(motherOfSeventeen, seventeen.patient);
    assertThat(asMother.get("/fhir/Observation/" + seventeen.sharedObservation).statusCode())
        .as("16+: nothing without the client's consent").isEqualTo(404);

    // the client (17: decides alone) allows her mother to see her Observations; the profile asks for a purpose
    create("/fhir/Consent", "{\"resourceType\":\"Consent\",\"status\":\"active\","
        + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
        + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]},"
        + "{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/consent-category\",\"code\":\"client-consent\"}]}],"
        + "\"patient\":{\"reference\":\"Patient/" + seventeen.patient + "\"},\"dateTime\":\"" + LocalDate.now().minusDays(1) + "\","
        + "\"performer\":[{\"reference\":\"Patient/" + seventeen.patient + "\"}],"
        + "\"policyRule\":{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/legal-ground\",\"code\":\"consent\"}]},"
        + "\"provision\":{\"type\":\"permit\",\"period\":{\"start\":\"" + LocalDate.now().minusDays(1) + "\"},"
        + "\"actor\":[{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},"
        + "\"reference\":{\"reference\":\"RelatedPerson/" + motherOfSeventeen + "\"}}],"
        + "\"action\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentaction\",\"code\":\"access\"}]}],"
        + "\"purpose\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"TREAT\"}],"
        + DisclosureFixture.classes("Observation") + "}}");
    HttpResponse<String> allowed = asMother.get("/fhir/Observation/" + seventeen.sharedObservation);
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
    assertThat(asMother.get("/fhir/Observation/" + seventeen.restrictedObservation).statusCode())
        .as("the concern (V) is not named").isEqualTo(404);
    assertThat(asMother.get("/fhir/Patient/" + seventeen.patient).statusCode()).as("only Observations").isEqualTo(404);
    assertThat(asMother.get("/fhir/Observation?subject=Patient/" + seventeen.patient).body())
        .contains(seventeen.sharedObservation).doesNotContain(seventeen.restrictedObservation);

    String sibling = create("/fhir/Patient", DisclosureFixture.patient(Bsns.random(), "Broertje" + seventeen.marker,
        LocalDate.now().minusYears(10)));
    String siblingObservation = create("/fhir/Observation", DisclosureFixture.observation(sibling, "broertje", false));
    String motherOfSibling = mother(sibling, "http://terminology.hl7.org/CodeSystem/v3-RoleCode\",\"code\":\"GUARD\"");
    HttpResponse<String> asParent = portal(motherOfSibling, sibling).get("/fhir/Observation/" + siblingObservation);
    assertThat(asParent.statusCode()).as("under 12: a parent with authority sees the record").isEqualTo(200);
  }

  @Test
  void example4ACareTeamNurseConsultsAnonymously() {
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    String nurse = create("/fhir/Practitioner", "{\"resourceType\":\"Practitioner\",\"identifier\":[{\"system\":"
        + "\"http://fhir.nl/fhir/NamingSystem/uzi-nr-pers\",\"value\":\"900000041\"}],\"name\":[{\"use\":\"official\","
        + "\"family\":\"Bakker\"}]}");
    create("/fhir/CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":"
        + "\"Patient/" + fixture.patient + "\"},\"participant\":[{\"member\":{\"reference\":\"Practitioner/" + nurse + "\"}}]}");
    String response = create("/fhir/QuestionnaireResponse", "{\"resourceType\":\"QuestionnaireResponse\",\"meta\":{"
        + "\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},"
        + "\"status\":\"completed\",\"subject\":{\"reference\":\"Patient/" + fixture.patient + "\"},\"authored\":\""
        + LocalDate.now() + "\"}");
    create("/fhir/Observation", "{\"resourceType\":\"Observation\",\"meta\":{\"security\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},\"status\":\"final\","
        + "\"code\":{\"text\":\"bevinding\"},\"subject\":{\"reference\":\"Patient/" + fixture.patient + "\"},"
        + "\"derivedFrom\":[{\"reference\":\"QuestionnaireResponse/" + response + "\"}]}");
    // a nurse (UZI role 30.000: no need-to-know role in the policy) who is in the client's care team
    FhirHttp asNurse = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000041", "30.000", "TREAT",
        "user/*.rs", "Practitioner/" + nurse));
    HttpResponse<String> summary = asNurse.get("/fhir/QuestionnaireResponse/" + response + "/$anonymised-summary");
    assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
    assertThat(summary.body()).contains("\"resourceType\":\"QuestionnaireResponse\"")
        .contains("\"resourceType\":\"Observation\"").contains("ANONY")
        .doesNotContain(fixture.patient + "\"").doesNotContain(fixture.bsn).doesNotContain(fixture.marker);
    FhirHttp outsideTeam = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000042", "30.000",
        "TREAT", "user/*.rs", null));
    assertThat(outsideTeam.get("/fhir/QuestionnaireResponse/" + response + "/$anonymised-summary").statusCode())
        .isEqualTo(404);
  }
}
