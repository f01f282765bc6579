package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import nl.sluis.testsupport.WeighingRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A legal ground without consent rests on its documented weighing (afweging): refused on write (422 naming the
 * extension) unless the weighing is completed, of the ground's kind, answers every condition yes, is by an allowed
 * role and comes first; and used for a disclosure only while that holds (a weighing amended to "no" hides at once).
 */
class LegalGroundWeighingHttpTest extends PostgresServerTest {

  private static final String UZI = "http://fhir.nl/fhir/NamingSystem/uzi-rolcode";
  private static final String EXPRESSION =
      "Consent.extension('http://sluis.nl/fhir/StructureDefinition/sluis-ext-Deliberation')";
  /** With seconds always written (OffsetDateTime.toString leaves out ":00", which FHIR refuses). */
  private static final java.time.format.DateTimeFormatter FHIR_DATE_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final String YESTERDAY = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).format(FHIR_DATE_TIME);
  private static final String NOW = OffsetDateTime.now(ZoneOffset.UTC).format(FHIR_DATE_TIME);

  private DisclosureFixture client;
  private String psychiatrist;

  @BeforeEach
  void setUp() {
    client = new DisclosureFixture(http(), Bsns.random());
    String practitioner = client.create("/fhir/Practitioner", WeighingRecords.practitioner("Jansen"));
    psychiatrist = "PractitionerRole/" + client.create("/fhir/PractitionerRole",
        WeighingRecords.practitionerRole(practitioner, UZI, "01.035"));
  }

  private String weighing(String json) {
    return "QuestionnaireResponse/" + client.create("/fhir/QuestionnaireResponse", json);
  }

  private String groundJson(String ground, String weighing) {
    return WeighingRecords.legalGround(client.patient, ground, weighing, psychiatrist, NOW, DisclosureFixture.GP_URA,
        "COC", "Observation/" + client.sharedObservation, LocalDate.now().minusDays(1).toString(),
        LocalDate.now().plusDays(20).toString());
  }

  private FhirHttp gp() {
    return anonymous().withToken(TestTokens.external("COC", "system/*.rs"));
  }

  private HttpResponse<String> gpReadsShared() {
    return gp().get("/fhir/Observation/" + client.sharedObservation);
  }

  /** 422, the issue naming the weighing extension and saying what is wrong. */
  private void assertRefused(String consent, String... says) {
    HttpResponse<String> response = http().post("/fhir/Consent", FHIR_JSON, consent);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    try {
      com.fasterxml.jackson.databind.JsonNode issue = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(response.body()).path("issue").path(0);
      assertThat(issue.path("expression").path(0).asText()).as(response.body()).isEqualTo(EXPRESSION);
      assertThat(issue.path("diagnostics").asText()).contains(says);
    } catch (java.io.IOException e) {
      throw new AssertionError(response.body(), e);
    }
  }

  @Test
  void aGpReadsUnderAConflictOfDutiesWhileItsWeighingHoldsAndNotOnceItAnswersNo() {
    String weighing = weighing(WeighingRecords.conflictOfDuties(client.patient, psychiatrist, YESTERDAY, "completed"));
    assertThat(gpReadsShared().statusCode()).as("no ground yet").isEqualTo(404);
    String ground = client.create("/fhir/Consent", groundJson("conflict-of-duties", weighing));
    HttpResponse<String> read = gpReadsShared();
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(gp().get("/fhir/Observation/" + client.restrictedObservation).statusCode()).isEqualTo(404);

    HttpResponse<String> explained = http().post("/fhir/$explain-disclosure", FHIR_JSON, explain());
    assertThat(explained.body()).contains("Consent/" + ground).contains("\"weighing\"")
        .contains(weighing).contains("conflict-of-duties");

    // the professional amends the weighing: no other way is not met after all
    String amended = WeighingRecords.conflictOfDuties(client.patient, psychiatrist, YESTERDAY, "amended",
        true, true, false, true, true).replaceFirst("\\{", "{\"id\":\"" + weighing.substring(weighing.indexOf('/') + 1)
        + "\",");
    HttpResponse<String> put = http().put("/fhir/" + weighing, FHIR_JSON, amended);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(gpReadsShared().statusCode()).as("hidden at once, like a missing record").isEqualTo(404);
    assertThat(http().post("/fhir/$explain-disclosure", FHIR_JSON, explain()).body())
        .contains("legal ground whose weighing answers a condition no");

    // revoking the ground is never blocked by its weighing
    HttpResponse<String> revoked = http().put("/fhir/Consent/" + ground, FHIR_JSON,
        groundJson("conflict-of-duties", weighing).replace("\"status\":\"active\"", "\"status\":\"inactive\"")
            .replaceFirst("\\{", "{\"id\":\"" + ground + "\","));
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
  }

  private String explain() {
    return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"valueString\":\"Observation/"
        + client.sharedObservation + "\"},{\"name\":\"organization\",\"valueString\":\"" + DisclosureFixture.GP_URA
        + "\"},{\"name\":\"role\",\"valueString\":\"01.015\"},{\"name\":\"purpose\",\"valueString\":\"COC\"}]}";
  }

  @Test
  void aWeighingEnteredInErrorStopsItsGround() {
    String json = WeighingRecords.conflictOfDuties(client.patient, psychiatrist, YESTERDAY, "completed");
    String weighing = weighing(json);
    client.create("/fhir/Consent", groundJson("conflict-of-duties", weighing));
    assertThat(gpReadsShared().statusCode()).isEqualTo(200);
    HttpResponse<String> withdrawn = http().put("/fhir/" + weighing, FHIR_JSON, json
        .replace("\"status\":\"completed\"", "\"status\":\"entered-in-error\"")
        .replaceFirst("\\{", "{\"id\":\"" + weighing.substring(weighing.indexOf('/') + 1) + "\","));
    assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
    assertThat(gpReadsShared().statusCode()).isEqualTo(404);
    assertThat(http().post("/fhir/$explain-disclosure", FHIR_JSON, explain()).body())
        .contains("legal ground whose weighing is not completed");
  }

  /** An EHR sends the weighing and the ground together: checked once the placeholder is resolved. */
  @Test
  void aTransactionMayCarryTheWeighingAndItsGround() {
    String answeringNo = WeighingRecords.conflictOfDuties(client.patient, psychiatrist, YESTERDAY, "completed",
        true, false, true, true, true);
    HttpResponse<String> refused = http().post("/fhir", FHIR_JSON, transaction(answeringNo));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("voorwaarde-ernstige-schade");
    assertThat(gpReadsShared().statusCode()).isEqualTo(404);

    String weighing = WeighingRecords.conflictOfDuties(client.patient, psychiatrist, YESTERDAY, "completed");
    HttpResponse<String> stored = http().post("/fhir", FHIR_JSON, transaction(weighing));
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    assertThat(gpReadsShared().statusCode()).isEqualTo(200);
  }

  private String transaction(String weighing) {
    String placeholder = "urn:uuid:" + java.util.UUID.randomUUID();
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"fullUrl\":\"" + placeholder + "\",\"resource\":" + weighing
        + ",\"request\":{\"method\":\"POST\",\"url\":\"QuestionnaireResponse\"}},"
        + "{\"resource\":" + groundJson("conflict-of-duties", placeholder)
        + ",\"request\":{\"method\":\"POST\",\"url\":\"Consent\"}}]}";
  }

  @Test
  void eachKindOfGroundIsStoredOnAWeighingOfItsKind() {
    String statutory = weighing(WeighingRecords.statutory(client.patient, psychiatrist, YESTERDAY, "right-to-report"));
    client.create("/fhir/Consent", groundJson("right-to-report", statutory));
    client.create("/fhir/Consent", groundJson("legal-duty", statutory));
    String interest = weighing(WeighingRecords.compellingInterest(client.patient, psychiatrist, YESTERDAY));
    client.create("/fhir/Consent", groundJson("compelling-interest", interest));
    assertThat(gpReadsShared().statusCode()).isEqualTo(200);
  }

  @Test
  void aLegalGroundWithoutAProperWeighingIsRefused() {
    String completed = weighing(WeighingRecords.conflictOfDuties(client.patient, psychiatrist, YESTERDAY, "completed"));
    HttpResponse<String> unknown = http().post("/fhir/Consent", FHIR_JSON,
        groundJson("conflict-of-duties", "QuestionnaireResponse/does-not-exist"));
    assertThat(unknown.statusCode()).as("HAPI's referential integrity, naming the extension").isEqualTo(400);
    assertThat(unknown.body()).contains("not found").contains("sluis-ext-Deliberation");
    HttpResponse<String> observation = http().post("/fhir/Consent", FHIR_JSON,
        groundJson("conflict-of-duties", "Observation/" + client.sharedObservation));
    assertThat(observation.statusCode()).as("the profile: a weighing is a QuestionnaireResponse").isEqualTo(422);
    String assessmentLike = client.create("/fhir/QuestionnaireResponse", "{\"resourceType\":\"QuestionnaireResponse\","
        + "\"status\":\"completed\",\"subject\":{\"reference\":\"Patient/" + client.patient + "\"}}");
    assertRefused(groundJson("conflict-of-duties", "QuestionnaireResponse/" + assessmentLike), "not a weighing record");
    String statutory = weighing(WeighingRecords.statutory(client.patient, psychiatrist, YESTERDAY, "legal-duty"));
    assertRefused(groundJson("conflict-of-duties", statutory), "is for legal-duty", "needs a weighing of that kind");
    assertRefused(groundJson("compelling-interest", completed), "is for conflict-of-duties");
    String inProgress = weighing(WeighingRecords.conflictOfDuties(client.patient, psychiatrist, YESTERDAY,
        "in-progress"));
    assertRefused(groundJson("conflict-of-duties", inProgress), "not completed (status in-progress)");
    String no = weighing(WeighingRecords.conflictOfDuties(client.patient, psychiatrist, YESTERDAY, "completed",
        true, true, true, false, true));
    assertRefused(groundJson("conflict-of-duties", no), "voorwaarde-verstrekking-helpt");
    String tomorrow = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).format(FHIR_DATE_TIME);
    String later = weighing(WeighingRecords.conflictOfDuties(client.patient, psychiatrist, tomorrow, "completed"));
    assertRefused(groundJson("conflict-of-duties", later), "the weighing comes first");
    String practitioner = client.create("/fhir/Practitioner", WeighingRecords.practitioner("Verpleegkundige"));
    String nurse = "PractitionerRole/" + client.create("/fhir/PractitionerRole", WeighingRecords.practitionerRole(
        practitioner, "http://sluis.nl/fhir/CodeSystem/local-role", "aandachtsfunctionaris"));
    String byNurse = weighing(WeighingRecords.conflictOfDuties(client.patient, nurse, YESTERDAY, "completed"));
    assertRefused(groundJson("conflict-of-duties", byNurse), "organisation policy allows");
    String otherClients = weighing(WeighingRecords.conflictOfDuties(client.otherPatient, psychiatrist, YESTERDAY,
        "completed"));
    assertRefused(groundJson("conflict-of-duties", otherClients), "about another client");
    HttpResponse<String> none = http().post("/fhir/Consent", FHIR_JSON, groundJson("conflict-of-duties", null));
    assertThat(none.statusCode()).as("the profile requires the weighing").isEqualTo(422);
    assertThat(gpReadsShared().statusCode()).as("nothing was stored").isEqualTo(404);
  }

  @Test
  void aWeighingMissingAnExplanationIsRefusedNamingTheItem() {
    String withoutExplanation = WeighingRecords.conflictOfDuties(client.patient, psychiatrist, YESTERDAY, "completed")
        .replaceFirst(",\\{\"linkId\":\"voorwaarde-ernstige-schade.toelichting\",\"answer\":\\[\\{\"valueString\":"
            + "\"[^\"]*\"}]}", "");
    HttpResponse<String> response = http().post("/fhir/QuestionnaireResponse", FHIR_JSON, withoutExplanation);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(response.body()).contains("voorwaarde-ernstige-schade");
  }
}
