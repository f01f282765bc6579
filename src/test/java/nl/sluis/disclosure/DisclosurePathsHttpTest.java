package nl.sluis.disclosure;

import static nl.sluis.disclosure.DisclosureFixture.GP_URA;
import static nl.sluis.disclosure.DisclosureFixture.STRANGER_URA;
import static nl.sluis.disclosure.DisclosureFixture.classes;
import static nl.sluis.disclosure.DisclosureFixture.data;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every path by which data can leave, for an external requester without a ground, with a matching
 * ground, and with a ground for other data: hidden data must not appear in the response bytes (body
 * and headers) — not its id, not the client's BSN, not the client's name.
 */
class DisclosurePathsHttpTest extends PostgresServerTest {

  private static final String BSN = "999911120";
  private DisclosureFixture fixture;
  private FhirHttp gp;
  private FhirHttp stranger;

  @BeforeEach
  void setUp() {
    fixture = new DisclosureFixture(http(), BSN);
    gp = anonymous().withToken(TestTokens.token(GP_URA, "uzi-900000015", "01.015", "TREAT", "system/*.rs", null));
    stranger = anonymous().withToken(DisclosureFixture.strangerToken());
  }

  private void grantGpObservations() {
    fixture.consent = fixture.create("/fhir/Consent", fixture.consentForGp("active", classes("Observation")));
  }

  private void grantGpOtherData() {
    fixture.consent = fixture.create("/fhir/Consent",
        fixture.consentForGp("active", data("Observation/" + fixture.otherObservation)));
  }

  private static String everything(HttpResponse<String> response) {
    return response.headers().map() + "\n" + response.body();
  }

  private void assertReveals(HttpResponse<String> response, String... hiddenIds) {
    String bytes = everything(response);
    for (String id : hiddenIds) {
      assertThat(bytes).as("hidden id " + id).doesNotContain("/" + id + "\"").doesNotContain("\"id\":\"" + id + "\"")
          .doesNotContain("/" + id + "/");
    }
    assertThat(bytes).doesNotContain(BSN).doesNotContain(fixture.marker);
  }

  private void assertHiddenLikeMissing(String type, String id) {
    HttpResponse<String> hidden = stranger.get("/fhir/" + type + "/" + id);
    HttpResponse<String> missing = stranger.get("/fhir/" + type + "/999999999");
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(hidden.body().replace(id, "ID")).isEqualTo(missing.body().replace("999999999", "ID"));
    assertReveals(hidden);
  }

  @Test
  void readAndVread() {
    assertHiddenLikeMissing("Patient", fixture.patient);
    assertHiddenLikeMissing("Observation", fixture.sharedObservation);
    assertThat(stranger.get("/fhir/Observation/" + fixture.sharedObservation + "/_history/1").statusCode())
        .isEqualTo(404);

    grantGpObservations();
    HttpResponse<String> shared = gp.get("/fhir/Observation/" + fixture.sharedObservation);
    assertThat(shared.statusCode()).isEqualTo(200);
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation + "/_history/1").statusCode()).isEqualTo(200);
    assertThat(gp.get("/fhir/Observation/" + fixture.restrictedObservation).statusCode()).isEqualTo(404);
    assertThat(gp.get("/fhir/Patient/" + fixture.patient).statusCode()).isEqualTo(404);
    assertThat(stranger.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
  }

  @Test
  void aGroundForOtherDataDisclosesNothingElse() {
    grantGpOtherData();
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
    assertReveals(gp.get("/fhir/Observation?subject=Patient/" + fixture.patient),
        fixture.sharedObservation, fixture.restrictedObservation, fixture.patient);
  }

  @Test
  void searchByGetAndPost() {
    String query = "code:text=gedeeld,zorgsignaal&_count=100";
    assertReveals(stranger.get("/fhir/Observation?" + query), fixture.sharedObservation,
        fixture.restrictedObservation, fixture.patient);
    assertReveals(stranger.post("/fhir/Observation/_search", "application/x-www-form-urlencoded", query),
        fixture.sharedObservation, fixture.restrictedObservation, fixture.patient);
    // the self link repeats the requester's own query; nothing else may appear
    HttpResponse<String> byBsn = stranger.get("/fhir/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C" + BSN);
    assertThat(byBsn.body()).doesNotContain("\"entry\"").doesNotContain(fixture.marker)
        .doesNotContain("/" + fixture.patient + "\"");

    grantGpObservations();
    HttpResponse<String> found = gp.get("/fhir/Observation?subject=Patient/" + fixture.patient);
    assertThat(found.body()).contains("Observation/" + fixture.sharedObservation);
    assertReveals(found, fixture.restrictedObservation);
  }

  @Test
  void includesAndRevincludes() {
    grantGpObservations();
    fixture.create("/fhir/Observation", "{\"resourceType\":\"Observation\",\"meta\":{\"security\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},\"status\":\"final\","
        + "\"code\":{\"text\":\"afgeleid\"},\"subject\":{\"reference\":\"Patient/" + fixture.patient + "\"},"
        + "\"derivedFrom\":[{\"reference\":\"Observation/" + fixture.sharedObservation + "\"}]}");
    HttpResponse<String> included = gp.get("/fhir/Observation?_id=" + fixture.sharedObservation
        + "&_include=Observation:subject&_revinclude=Observation:derived-from&_revinclude:iterate=Observation:derived-from");
    assertThat(included.statusCode()).isEqualTo(200);
    // the shared Observation itself names its subject; the Patient resource is not disclosed
    assertThat(included.body()).contains("Observation/" + fixture.sharedObservation)
        .doesNotContain("afgeleid").doesNotContain("\"resourceType\":\"Patient\"")
        .doesNotContain(BSN).doesNotContain(fixture.marker);
    assertReveals(stranger.get("/fhir/Patient?_id=" + fixture.patient + "&_revinclude=Observation:subject"),
        fixture.patient, fixture.sharedObservation, fixture.restrictedObservation);
  }

  @Test
  void historyIsNotAvailableToOutsiders() {
    grantGpObservations();
    for (String path : List.of("/fhir/Observation/" + fixture.sharedObservation + "/_history",
        "/fhir/Observation/_history", "/fhir/_history")) {
      HttpResponse<String> response = gp.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(403);
      assertReveals(response, fixture.restrictedObservation, fixture.patient);
    }
  }

  @Test
  void pagesServeOnlyTheRequesterThatSearched() {
    grantGpObservations();
    fixture.create("/fhir/Observation", DisclosureFixture.observation(fixture.patient, "gedeeld", false));
    HttpResponse<String> first = gp.get("/fhir/Observation?subject=Patient/" + fixture.patient + "&_count=1");
    String next = first.body().replaceAll("(?s).*\"relation\":\"next\",\"url\":\"([^\"]+)\".*", "$1");
    assertThat(next).contains("_getpages=");
    String path = next.substring(next.indexOf("/fhir"));
    assertThat(gp.get(path).statusCode()).isEqualTo(200);
    HttpResponse<String> foreign = stranger.get(path);
    assertThat(foreign.statusCode()).isEqualTo(410);
    assertReveals(foreign, fixture.sharedObservation, fixture.patient);
    HttpResponse<String> unknown = stranger.get("/fhir?_getpages=00000000-0000-0000-0000-000000000000");
    assertThat(unknown.body()).isEqualTo(foreign.body());
  }

  @Test
  void compartmentSearchAndEverything() {
    // HAPI JPA serves no compartment search URLs; hidden and missing patients answer alike
    HttpResponse<String> compartment = stranger.get("/fhir/Patient/" + fixture.patient + "/Observation");
    assertThat(compartment.statusCode()).isBetween(400, 499);
    assertThat(compartment.body().replace(fixture.patient, "ID")).isEqualTo(
        stranger.get("/fhir/Patient/999999999/Observation").body().replace("999999999", "ID"));
    assertReveals(compartment, fixture.sharedObservation, fixture.restrictedObservation);
    HttpResponse<String> hiddenEverything = stranger.get("/fhir/Patient/" + fixture.patient + "/$everything");
    HttpResponse<String> missingEverything = stranger.get("/fhir/Patient/999999999/$everything");
    assertThat(hiddenEverything.statusCode()).isEqualTo(404);
    assertThat(hiddenEverything.body().replace(fixture.patient, "ID"))
        .isEqualTo(missingEverything.body().replace("999999999", "ID"));
    assertReveals(hiddenEverything, fixture.sharedObservation);
    assertThat(stranger.get("/fhir/Patient/$everything").statusCode()).isEqualTo(403);
  }

  @Test
  void batchEntriesAndOutsiderWrites() {
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation/" + fixture.sharedObservation + "\"}},"
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation/999999999\"}},"
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?subject=Patient/" + fixture.patient + "\"}}]}";
    HttpResponse<String> response = stranger.post("/fhir", FHIR_JSON, batch);
    assertThat(response.statusCode()).isEqualTo(200);
    assertReveals(response, fixture.restrictedObservation);
    org.hl7.fhir.r4.model.Bundle answers = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
        .parseResource(org.hl7.fhir.r4.model.Bundle.class, response.body());
    String hidden = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
        .encodeResourceToString(answers.getEntry().get(0).getResponse().getOutcome());
    String missing = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
        .encodeResourceToString(answers.getEntry().get(1).getResponse().getOutcome());
    assertThat(answers.getEntry().get(0).getResponse().getStatus()).as(response.body())
        .isEqualTo(answers.getEntry().get(1).getResponse().getStatus());
    assertThat(hidden.replace(fixture.sharedObservation, "ID")).isEqualTo(missing.replace("999999999", "ID"));
    assertThat(response.body()).doesNotContain("\"resourceType\":\"Observation\"");

    String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"resource\":" + DisclosureFixture.observation(fixture.patient, "extern", false)
        + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
    FhirHttp writer = anonymous().withToken(TestTokens.token(GP_URA, "uzi-1", "01.015", "TREAT", "system/*.cruds", null));
    assertThat(writer.post("/fhir", FHIR_JSON, transaction).statusCode()).isEqualTo(403);
    assertThat(writer.post("/fhir/Observation", FHIR_JSON,
        DisclosureFixture.observation(fixture.patient, "extern", false)).statusCode()).isEqualTo(403);
    assertThat(writer.post("/fhir/Subscription", FHIR_JSON, "{\"resourceType\":\"Subscription\",\"status\":"
        + "\"requested\",\"criteria\":\"Observation?\",\"reason\":\"x\",\"channel\":{\"type\":\"rest-hook\","
        + "\"endpoint\":\"http://localhost:1/x\",\"payload\":\"application/fhir+json\"}}").statusCode()).isEqualTo(403);
  }

  /**
   * Conditional writes of internal users are resolved among the records they may see (ConditionalMatches): a
   * record they may not see is as good as missing — it neither stops a create nor is changed or deleted.
   */
  @Test
  void conditionalWritesOfInternalUsersTreatWhatTheyMayNotSeeAsMissing() {
    // a psychiatrist with need-to-know, who may not see the client's very restricted Observation
    FhirHttp professional = anonymous().withToken(TestTokens.internalProfessional("user/*.cruds"));
    String hidden = fixture.restrictedObservation;
    String body = DisclosureFixture.observation(fixture.patient, "eigen", false);
    HttpResponse<String> conditionalCreate = professional.post("/fhir/Observation", FHIR_JSON, body,
        "If-None-Exist", "_id=" + hidden);
    assertThat(conditionalCreate.statusCode()).as(conditionalCreate.body()).isEqualTo(201);
    assertThat(FhirHttp.idFromLocation(conditionalCreate)).isNotEqualTo(hidden);
    HttpResponse<String> conditionalUpdate = professional.put("/fhir/Observation?_id=" + hidden, FHIR_JSON, body);
    assertThat(conditionalUpdate.statusCode()).as(conditionalUpdate.body()).isEqualTo(201);
    assertThat(FhirHttp.idFromLocation(conditionalUpdate)).isNotEqualTo(hidden);
    HttpResponse<String> conditionalDelete = professional.delete("/fhir/Observation?_id=" + hidden);
    assertThat(conditionalDelete.statusCode()).isEqualTo(200);
    assertThat(conditionalDelete.body()).contains("Nothing has been deleted");
    HttpResponse<String> stored = http().get("/fhir/Observation/" + hidden);
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(stored.body()).contains("\"versionId\":\"1\"").contains("zorgsignaal");
  }

  @Test
  void oracleParametersAreRefused() {
    for (String query : List.of("Observation?subject:Patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C" + BSN,
        "Patient?_has:Observation:subject:code:text=zorgsignaal")) {
      HttpResponse<String> response = stranger.get("/fhir/" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertReveals(response, fixture.patient);
    }
  }

  @Test
  void etagsDoNotRevealHiddenResources() {
    HttpResponse<String> hidden = stranger.get("/fhir/Observation/" + fixture.sharedObservation,
        "If-None-Match", "W/\"1\"");
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.headers().firstValue("ETag")).isEmpty();
  }

  @Test
  void deletedAndHiddenAnswerAlike() {
    String deleted = fixture.create("/fhir/Observation", DisclosureFixture.observation(fixture.otherPatient, "weg", false));
    assertThat(http().delete("/fhir/Observation/" + deleted).statusCode()).isEqualTo(200);
    HttpResponse<String> gone = stranger.get("/fhir/Observation/" + deleted);
    HttpResponse<String> hidden = stranger.get("/fhir/Observation/" + fixture.sharedObservation);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body().replace(deleted, "ID")).isEqualTo(hidden.body().replace(fixture.sharedObservation, "ID"));
  }

  @Test
  void metaBinaryAndOtherOperationsAreClosed() {
    assertThat(stranger.get("/fhir/Observation/" + fixture.sharedObservation + "/$meta").statusCode()).isEqualTo(404);
    assertThat(stranger.get("/fhir/Observation/$meta").statusCode()).as("every record's tags").isEqualTo(403);
    assertThat(stranger.get("/fhir/$meta").statusCode()).isEqualTo(403);
    assertThat(stranger.post("/fhir/Observation/" + fixture.sharedObservation + "/$meta-add", FHIR_JSON,
        "{\"resourceType\":\"Parameters\"}").statusCode()).isEqualTo(403);
    // on a record the requester may see: its meta, and $validate against it
    grantGpObservations();
    HttpResponse<String> meta = gp.get("/fhir/Observation/" + fixture.sharedObservation + "/$meta");
    assertThat(meta.statusCode()).as(meta.body()).isEqualTo(200);
    assertThat(meta.body()).contains("\"resourceType\":\"Parameters\"").doesNotContain(fixture.marker);
    HttpResponse<String> validated = gp.post("/fhir/Observation/" + fixture.sharedObservation + "/$validate", FHIR_JSON,
        DisclosureFixture.observation(fixture.patient, "x", false));
    assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
    assertThat(stranger.get("/fhir/$get-resource-counts").statusCode()).isEqualTo(403);
    String binary = fixture.create("/fhir/Binary", "{\"resourceType\":\"Binary\",\"contentType\":\"text/plain\","
        + "\"securityContext\":{\"reference\":\"Patient/" + fixture.patient + "\"},\"data\":\"" 
        + java.util.Base64.getEncoder().encodeToString(fixture.marker.getBytes()) + "\"}");
    HttpResponse<String> response = stranger.get("/fhir/Binary/" + binary);
    assertThat(response.statusCode()).isEqualTo(404);
    assertReveals(response, binary);
  }

  @Test
  void revocationTakesEffectOnTheNextRequest() {
    grantGpObservations();
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    String revoked = fixture.consentForGp("inactive", classes("Observation"))
        .replace("{\"resourceType\":\"Consent\",", "{\"resourceType\":\"Consent\",\"id\":\"" + fixture.consent + "\",");
    assertThat(http().put("/fhir/Consent/" + fixture.consent, FHIR_JSON, revoked).statusCode()).isEqualTo(200);
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
  }

  @Test
  void manyConcurrentExternalReadsAllAnswer() throws Exception {
    grantGpObservations();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(24);
    try {
      List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 48; i++) {
        answers.add(pool.submit(() -> gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()));
      }
      for (java.util.concurrent.Future<Integer> answer : answers) {
        assertThat(answer.get(90, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aGroundForAnotherPurposeDisclosesNothing() {
    grantGpObservations();
    FhirHttp research = anonymous().withToken(TestTokens.token(GP_URA, "uzi-900000015", "01.015", "HRESCH",
        "system/*.rs", null));
    assertThat(research.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
  }

  @Test
  void explanationNamesTheBasisWithoutTheData() {
    grantGpObservations();
    FhirHttp officer = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "po-1", "privacy-officer", null,
        "user/*.rs", null));
    String params = "{\"resourceType\":\"Parameters\",\"parameter\":["
        + "{\"name\":\"resource\",\"valueString\":\"Observation/" + fixture.sharedObservation + "\"},"
        + "{\"name\":\"organization\",\"valueString\":\"" + GP_URA + "\"},"
        + "{\"name\":\"purpose\",\"valueString\":\"TREAT\"}]}";
    HttpResponse<String> permit = officer.post("/fhir/$explain-disclosure", FHIR_JSON, params);
    assertThat(permit.statusCode()).as(permit.body()).isEqualTo(200);
    assertThat(permit.body()).contains("\"valueCode\":\"permit\"").contains("Consent/" + fixture.consent)
        .doesNotContain("toelichting").doesNotContain(fixture.marker);
    HttpResponse<String> deny = officer.post("/fhir/$explain-disclosure", FHIR_JSON,
        params.replace(GP_URA, STRANGER_URA));
    assertThat(deny.body()).contains("\"valueCode\":\"deny\"").contains("policy:external-default-deny");
    assertThat(gp.post("/fhir/$explain-disclosure", FHIR_JSON, params).statusCode()).isEqualTo(403);

    // As of a chosen day: the consent's period starts yesterday, so two days ago it did not permit yet.
    String twoDaysAgo = java.time.LocalDate.now().minusDays(2).toString();
    HttpResponse<String> before = officer.post("/fhir/$explain-disclosure", FHIR_JSON,
        params.replace("]}", ",{\"name\":\"date\",\"valueDate\":\"" + twoDaysAgo + "\"}]}"));
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
    assertThat(before.body()).contains("\"valueCode\":\"deny\"").contains("\"valueString\":\"" + twoDaysAgo + "\"");
    for (String date : new String[] {"\"valueDate\":\"2027-01\"", "\"valueDate\":\"1200-01-01\""}) {
      HttpResponse<String> refused = officer.post("/fhir/$explain-disclosure", FHIR_JSON,
          params.replace("]}", ",{\"name\":\"date\"," + date + "}]}"));
      assertThat(refused.statusCode()).as(date + ": " + refused.body()).isEqualTo(400);
    }
  }

  @Test
  void aDeletedRecordIsGoneOnlyForWhoCouldSeeIt() {
    grantGpObservations();
    String shared = "/fhir/Observation/" + fixture.sharedObservation;
    assertThat(gp.get(shared).statusCode()).isEqualTo(200);
    assertThat(http().delete(shared).statusCode()).isBetween(200, 204);
    HttpResponse<String> gone = gp.get(shared);
    assertThat(gone.statusCode()).as(gone.body()).isEqualTo(410);
    assertThat(gone.body()).contains("OperationOutcome").contains("has been deleted").doesNotContain(fixture.marker);
    assertThat(gp.get(shared + "/_history/2").statusCode()).as("the deleted version").isEqualTo(410);
    // to anyone who could not see it, a deleted record answers like one that never existed (every path:
    // HiddenEqualsMissingHttpTest)
    assertThat(stranger.get(shared).statusCode()).isEqualTo(404);
    String other = "/fhir/Observation/" + fixture.otherObservation;
    assertThat(http().delete(other).statusCode()).isBetween(200, 204);
    assertThat(gp.get(other).statusCode()).as("never visible to the GP (another client's)").isEqualTo(404);
  }

  @Test
  void aDraftPolicyIsTriedWithoutBeingStored() throws Exception {
    grantGpObservations();
    FhirHttp officer = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "po-1", "privacy-officer", null,
        "user/*.rs", null));
    String sample = "{\"name\":\"resource\",\"valueString\":\"Observation/" + fixture.sharedObservation + "\"},"
        + "{\"name\":\"organization\",\"valueString\":\"" + GP_URA + "\"},"
        + "{\"name\":\"purpose\",\"valueString\":\"TREAT\"}";
    // the example policy accepts COC, not TREAT, from external requesters: under it the GP's read is refused
    String draft = java.nio.file.Files.readString(java.nio.file.Path.of("profiles/example/Consent-organisatiebeleid.json"))
        .replace("\"id\": \"organisatiebeleid\",", "");
    String withDraft = "{\"resourceType\":\"Parameters\",\"parameter\":[" + sample
        + ",{\"name\":\"policy\",\"resource\":" + draft + "}]}";
    int policiesBefore = policyCount();

    HttpResponse<String> active = officer.post("/fhir/$explain-disclosure", FHIR_JSON,
        "{\"resourceType\":\"Parameters\",\"parameter\":[" + sample + "]}");
    assertThat(active.body()).contains("\"valueCode\":\"permit\"").contains("\"name\":\"policy\",\"valueCode\":\"active\"");
    HttpResponse<String> preview = officer.post("/fhir/$explain-disclosure", FHIR_JSON, withDraft);
    assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
    assertThat(preview.body()).contains("\"valueCode\":\"deny\"").contains("\"name\":\"policy\",\"valueCode\":\"draft\"")
        .doesNotContain(fixture.marker);
    // nothing stored, nothing changed: the active policy still decides the real read and the next explanation
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    assertThat(officer.post("/fhir/$explain-disclosure", FHIR_JSON,
        "{\"resourceType\":\"Parameters\",\"parameter\":[" + sample + "]}").body()).contains("\"valueCode\":\"permit\"");
    assertThat(policyCount()).isEqualTo(policiesBefore);

    // only the privacy officer tries drafts (a trusted system explains, but does not author policy)
    assertThat(http().post("/fhir/$explain-disclosure", FHIR_JSON, withDraft).statusCode()).isEqualTo(403);
    assertThat(gp.post("/fhir/$explain-disclosure", FHIR_JSON, withDraft).statusCode()).isEqualTo(403);

    // a draft that would not be accepted as a policy: 422 saying why; the same for one larger than a policy gets
    String notAPolicy = withDraft.replace(draft, "{\"resourceType\":\"Patient\",\"active\":true}");
    HttpResponse<String> refused = officer.post("/fhir/$explain-disclosure", FHIR_JSON, notAPolicy);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("OperationOutcome").contains("expects type Consent");
    HttpResponse<String> clientConsent = officer.post("/fhir/$explain-disclosure", FHIR_JSON,
        withDraft.replace("\"status\": \"active\",", "\"status\": \"active\",\"patient\":{\"reference\":\"Patient/"
            + fixture.patient + "\"},"));
    assertThat(clientConsent.statusCode()).as(clientConsent.body()).isEqualTo(422);
    assertThat(clientConsent.body()).contains("organisation-policy Consent");
    HttpResponse<String> aString = officer.post("/fhir/$explain-disclosure", FHIR_JSON,
        withDraft.replace("\"resource\":" + draft, "\"valueString\":\"all-permit\""));
    assertThat(aString.statusCode()).as(aString.body()).isBetween(400, 422);
    HttpResponse<String> invalid = officer.post("/fhir/$explain-disclosure", FHIR_JSON,
        withDraft.replace("\"status\": \"active\",", ""));
    assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(422);
    assertThat(invalid.body()).contains("OperationOutcome").contains("Consent.status");
    String rule = "{\"type\":\"permit\",\"code\":[{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/policy-rule-kind\","
        + "\"code\":\"need-to-know\"}]}]}";
    String huge = withDraft.replace("\"provision\": [", "\"provision\": [" + (rule + ",").repeat(DraftPolicies.MAX_RULES + 1));
    HttpResponse<String> tooLarge = officer.post("/fhir/$explain-disclosure", FHIR_JSON, huge);
    assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(422);
    assertThat(tooLarge.body()).contains("larger than this server accepts");
  }

  @Test
  void internalNeedToKnowFollowsTheCareTeam() {
    // a treating professional whose role has no need-to-know of its own (the dev policy gives 01.035 that)
    FhirHttp psychiatrist = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000002",
        "behandelaar", "TREAT", "user/*.cruds", "Practitioner/psychiater-1"));
    assertThat(psychiatrist.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
    HttpResponse<String> practitioner = http().put("/fhir/Practitioner/psychiater-1", FHIR_JSON,
        "{\"resourceType\":\"Practitioner\",\"id\":\"psychiater-1\",\"identifier\":[{\"system\":"
            + "\"http://fhir.nl/fhir/NamingSystem/uzi-nr-pers\",\"value\":\"900000002\"}],"
            + "\"name\":[{\"use\":\"official\",\"text\":\"A. Jansen\",\"family\":\"Jansen\"}]}");
    assertThat(practitioner.statusCode()).as(practitioner.body()).isBetween(200, 201);
    fixture.create("/fhir/CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":"
        + "\"Patient/" + fixture.patient + "\"},\"participant\":[{\"member\":{\"reference\":\"Practitioner/psychiater-1\"}}]}");
    assertThat(psychiatrist.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    assertThat(psychiatrist.get("/fhir/Observation/" + fixture.restrictedObservation).statusCode()).isEqualTo(200);
    assertThat(psychiatrist.get("/fhir/Observation/" + fixture.otherObservation).statusCode()).isEqualTo(404);
  }

  @Test
  void internalUsersCannotChangeOrProbeWhatTheyMayNotSee() {
    FhirHttp colleague = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000003",
        "behandelaar", "TREAT", "user/*.cruds", "Practitioner/collega-zonder-relatie"));
    String id = fixture.sharedObservation;
    HttpResponse<String> patched = colleague.method("PATCH", "/fhir/Observation/" + id, "application/json-patch+json",
        "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]");
    HttpResponse<String> updated = colleague.put("/fhir/Observation/" + id, FHIR_JSON,
        DisclosureFixture.observation(fixture.patient, "overschreven", false)
            .replace("{\"resourceType\":\"Observation\",", "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\","));
    HttpResponse<String> deleted = colleague.delete("/fhir/Observation/" + id);
    for (HttpResponse<String> response : List.of(patched, updated, deleted)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
      assertReveals(response);
    }
    HttpResponse<String> missingDelete = colleague.delete("/fhir/Observation/999999999");
    assertThat(missingDelete.body().replace("999999999", "ID")).isEqualTo(deleted.body().replace(id, "ID"));
    HttpResponse<String> missingPut = colleague.put("/fhir/Observation/nieuw-" + fixture.marker, FHIR_JSON,
        DisclosureFixture.observation(fixture.patient, "x", false).replace("{\"resourceType\":\"Observation\",",
            "{\"resourceType\":\"Observation\",\"id\":\"nieuw-" + fixture.marker + "\","));
    assertThat(missingPut.statusCode()).as("no update-as-create for restricted requesters").isEqualTo(404);
    HttpResponse<String> stored = http().get("/fhir/Observation/" + id);
    assertThat(stored.body()).contains("\"versionId\":\"1\"").contains("gedeeld toelichting");
    assertThat(colleague.post("/fhir/Observation/" + id + "/$validate", FHIR_JSON,
        DisclosureFixture.observation(fixture.patient, "x", false)).statusCode()).as("a record it may not see")
        .isEqualTo(404);
  }

  @Test
  void internalUsersWriteOnlyAboutClientsTheyMaySee() {
    FhirHttp colleague = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000003",
        "behandelaar", "TREAT", "user/*.cruds", "Practitioner/collega-zonder-relatie"));
    String missing = "bestaat-niet-" + fixture.marker;
    HttpResponse<String> aboutHidden = colleague.post("/fhir/Observation", FHIR_JSON,
        DisclosureFixture.observation(fixture.patient, "schrijf-" + fixture.marker, false));
    HttpResponse<String> aboutMissing = colleague.post("/fhir/Observation", FHIR_JSON,
        DisclosureFixture.observation(missing, "schrijf-" + fixture.marker, false));
    assertThat(aboutHidden.statusCode()).as(aboutHidden.body()).isEqualTo(400);
    assertThat(aboutMissing.statusCode()).isEqualTo(400);
    assertThat(aboutHidden.body().replace(fixture.patient, "ID")).isEqualTo(aboutMissing.body().replace(missing, "ID"));
    assertReveals(aboutHidden);
    // naming oneself in the client's care team would grant need-to-know: refused like a missing client
    HttpResponse<String> selfGrant = colleague.post("/fhir/CareTeam", FHIR_JSON, "{\"resourceType\":\"CareTeam\","
        + "\"status\":\"active\",\"subject\":{\"reference\":\"Patient/" + fixture.patient + "\"},"
        + "\"participant\":[{\"member\":{\"reference\":\"Practitioner/collega-zonder-relatie\"}}]}");
    assertThat(selfGrant.statusCode()).as(selfGrant.body()).isEqualTo(400);
    assertThat(colleague.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
    assertThat(http().get("/fhir/Observation?value-string=schrijf-" + fixture.marker).body())
        .as("nothing was stored").doesNotContain("\"entry\"");
  }

  /**
   * A reference in a write is an existence probe too (HAPI's referential integrity answers 400 for a missing
   * target): a record the writer may not see answers exactly like a missing one; what the writer may see, or
   * what the version it updates already named, is fine.
   */
  @Test
  void internalUsersReferToNothingTheyMayNotSee() {
    FhirHttp psychiatrist = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000002",
        "behandelaar", "TREAT", "user/*.cruds", "Practitioner/psychiater-1"));
    assertThat(http().put("/fhir/Practitioner/psychiater-1", FHIR_JSON,
        "{\"resourceType\":\"Practitioner\",\"id\":\"psychiater-1\",\"identifier\":[{\"system\":"
            + "\"http://fhir.nl/fhir/NamingSystem/uzi-nr-pers\",\"value\":\"900000002\"}],"
            + "\"name\":[{\"use\":\"official\",\"text\":\"A. Jansen\",\"family\":\"Jansen\"}]}").statusCode())
        .isBetween(200, 201);
    fixture.create("/fhir/CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":"
        + "\"Patient/" + fixture.patient + "\"},\"participant\":[{\"member\":{\"reference\":\"Practitioner/psychiater-1\"}}]}");
    String missing = "bestaat-niet-" + fixture.marker;

    HttpResponse<String> hidden = psychiatrist.post("/fhir/Observation", FHIR_JSON,
        derivedFrom("Observation/" + fixture.otherObservation, "verwijst-" + fixture.marker));
    HttpResponse<String> absent = psychiatrist.post("/fhir/Observation", FHIR_JSON,
        derivedFrom("Observation/" + missing, "verwijst-" + fixture.marker));
    assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(400);
    assertThat(hidden.body().replace(fixture.otherObservation, "ID")).isEqualTo(absent.body().replace(missing, "ID"));
    assertReveals(hidden);
    HttpResponse<String> conditional = psychiatrist.post("/fhir/Observation", FHIR_JSON,
        derivedFrom("Observation?value-string=ander", "verwijst-" + fixture.marker));
    assertThat(conditional.statusCode()).as(conditional.body()).isEqualTo(400);
    assertThat(conditional.body()).contains("Conditional references");
    assertThat(http().get("/fhir/Observation?value-string=verwijst-" + fixture.marker).body())
        .as("nothing was stored").doesNotContain("\"entry\"");

    HttpResponse<String> visible = psychiatrist.post("/fhir/Observation", FHIR_JSON,
        derivedFrom("Observation/" + fixture.sharedObservation, "zichtbaar-" + fixture.marker));
    assertThat(visible.statusCode()).as(visible.body()).isEqualTo(201);
    HttpResponse<String> patched = psychiatrist.method("PATCH", "/fhir/Observation/" + FhirHttp.idFromLocation(visible),
        "application/json-patch+json", "[{\"op\":\"add\",\"path\":\"/derivedFrom/-\",\"value\":"
            + "{\"reference\":\"Observation?value-string=ander\"}}]");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(400);
    assertThat(patched.body()).contains("Conditional references");
    // a record written by the organisation that already names a hidden one can still be corrected
    String existing = fixture.create("/fhir/Observation",
        derivedFrom("Observation/" + fixture.otherObservation, "bestaand-" + fixture.marker));
    HttpResponse<String> corrected = psychiatrist.put("/fhir/Observation/" + existing, FHIR_JSON,
        derivedFrom("Observation/" + fixture.otherObservation, "gecorrigeerd-" + fixture.marker)
            .replace("{\"resourceType\":\"Observation\",", "{\"resourceType\":\"Observation\",\"id\":\"" + existing + "\","));
    assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
  }

  /** How many organisation policies are stored, as a trusted system counts them. */
  private int policyCount() {
    HttpResponse<String> count = http().get("/fhir/Consent?category=organisation-policy&_summary=count");
    assertThat(count.statusCode()).as(count.body()).isEqualTo(200);
    return ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
        .parseResource(org.hl7.fhir.r4.model.Bundle.class, count.body()).getTotal();
  }

  private String derivedFrom(String reference, String text) {
    String observation = DisclosureFixture.observation(fixture.patient, text, false);
    return observation.substring(0, observation.lastIndexOf('}'))
        + ",\"derivedFrom\":[{\"reference\":\"" + reference + "\"}]}";
  }

  @Test
  void anonymisedCaseSummaryForConsultationWithoutPersonalData() {
    String response = fixture.create("/fhir/QuestionnaireResponse", "{\"resourceType\":\"QuestionnaireResponse\","
        + "\"meta\":{\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},"
        + "\"questionnaire\":\"http://example.org/fhir/Questionnaire/overleg\",\"status\":\"completed\","
        + "\"subject\":{\"reference\":\"Patient/" + fixture.patient + "\"},\"authored\":\"2026-11-20T10:15:00+01:00\","
        + "\"item\":[{\"linkId\":\"conclusie\",\"answer\":[{\"valueString\":\"" + fixture.marker + " woont in Utrecht\"}]}]}");
    fixture.create("/fhir/Observation", "{\"resourceType\":\"Observation\",\"meta\":{\"security\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},\"status\":\"final\","
        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"75492-9\"}]},"
        + "\"subject\":{\"reference\":\"Patient/" + fixture.patient + "\"},\"effectiveDateTime\":\"2026-11-20\","
        + "\"derivedFrom\":[{\"reference\":\"QuestionnaireResponse/" + response + "\"}]}");
    HttpResponse<String> summary = http().get("/fhir/QuestionnaireResponse/" + response + "/$anonymised-summary");
    assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
    assertThat(summary.body()).contains("\"type\":\"collection\"", "ANONY", "NORDSCLCD", "75492-9", "2026-11")
        .doesNotContain(fixture.marker).doesNotContain("Utrecht").doesNotContain("2026-11-20")
        .doesNotContain("Patient/" + fixture.patient + "\"").doesNotContain("/" + response + "\"");
    assertThat(gp.get("/fhir/QuestionnaireResponse/" + response + "/$anonymised-summary").statusCode()).isEqualTo(403);
  }

  @Test
  void theClientSeesTheirOwnRecordAndNoOneElses() {
    FhirHttp client = anonymous().withToken(TestTokens.withClaims(Map.of("scope", "patient/*.rs",
        "fhirUser", "Patient/" + fixture.patient, "extensions", Map.of("hl7-b2b", Map.of("subject_id", "digid-1")))));
    assertThat(client.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    assertThat(client.get("/fhir/Patient/" + fixture.patient).statusCode()).isEqualTo(200);
    assertThat(client.get("/fhir/Observation/" + fixture.otherObservation).statusCode()).isEqualTo(404);
    assertThat(client.get("/fhir/Patient/" + fixture.otherPatient).statusCode()).isEqualTo(404);
  }
}
