package nl.sluis.audit;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 4: an AuditEvent names what a request touched — very restricted records withheld from it,
 * what the requester typed (other clients' BSNs and ids), who asked. Over HTTP on PostgreSQL: no requester
 * but the privacy officer reads AuditEvents on any path, and a client's overview shows only what concerns
 * that client.
 */
class AuditEventVisibilityHttpTest extends PostgresServerTest {

  private static final String BSN = "999911132";
  private static final String OTHER_BSN = "999911144";
  private static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";
  private AuditFixture fixture;
  private String restricted;

  @BeforeEach
  void setUp() {
    fixture = new AuditFixture(http(), BSN);
    restricted = "Observation/" + fixture.restrictedObservation;
  }

  /** Psychiatrist (need-to-know by role in the test policy), not in the care team, no very-restricted role. */
  private FhirHttp psychiatrist() {
    return anonymous().withToken(TestTokens.internalProfessional("user/*.cruds"));
  }

  private FhirHttp clientApp(String patientId, String scope) {
    return anonymous().withToken(TestTokens.token(null, "client-" + patientId, null, null, scope,
        "Patient/" + patientId));
  }

  /** Makes events that name the very restricted Observation (an internal denial, an external search); one of them. */
  private AuditEvent anEventNamingTheRestrictedObservation() {
    assertThat(psychiatrist().get("/fhir/" + restricted).statusCode()).isEqualTo(404);
    fixture.grantGpObservations();
    assertThat(AuditFixture.gp(anonymous()).get("/fhir/Observation?subject=Patient/" + fixture.patient).statusCode())
        .isEqualTo(200);
    return fixture.events(fixture.patient).stream()
        .filter(e -> AuditFixture.FHIR.newJsonParser().encodeResourceToString(e).contains(restricted + "\""))
        .findFirst().orElseThrow();
  }

  @Test
  void aNeedToKnowProfessionalSeesNoAuditEventOnAnyPath() {
    String event = anEventNamingTheRestrictedObservation().getIdElement().getIdPart();
    String patient = fixture.patient;
    FhirHttp psychiatrist = psychiatrist();
    // paths that may return AuditEvents alongside what the professional may see: none is returned
    List<String> paths = List.of(
        "/fhir/Patient?_id=" + patient + "&_revinclude=AuditEvent:patient",
        "/fhir/Patient?_id=" + patient + "&_revinclude=AuditEvent:entity",
        "/fhir/Observation?subject=Patient/" + patient + "&_revinclude=AuditEvent:entity",
        "/fhir/Observation?_id=" + fixture.sharedObservation + "&_revinclude=*",
        "/fhir/Patient/" + patient + "/$everything");
    for (String path : paths) {
      HttpResponse<String> response = psychiatrist.get(path);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      assertNoAuditTrail(path, response.body());
    }
    // searching AuditEvents themselves is refused, whatever is asked
    List<String> searches = List.of(
        "/fhir/AuditEvent?patient=Patient/" + patient,
        "/fhir/AuditEvent?entity=" + restricted,
        "/fhir/AuditEvent?_id=" + event,
        "/fhir/AuditEvent/_search?patient=Patient/" + patient);
    for (String path : searches) {
      HttpResponse<String> response = psychiatrist.get(path);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(403);
      assertNoAuditTrail(path, response.body());
    }
    HttpResponse<String> read = psychiatrist.get("/fhir/AuditEvent/" + event);
    assertThat(read.statusCode()).isEqualTo(404);
    assertNoAuditTrail("read", read.body());

    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"AuditEvent/" + event + "\"}},"
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient?_id=" + patient + "&_revinclude=AuditEvent:patient\"}}]}";
    HttpResponse<String> answered = psychiatrist.post("/fhir", FHIR_JSON, batch);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertNoAuditTrail("batch", answered.body());
    String searchInBatch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"AuditEvent?patient=Patient/" + patient + "\"}}]}";
    HttpResponse<String> refused = psychiatrist.post("/fhir", FHIR_JSON, searchInBatch);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertNoAuditTrail("batch search", refused.body());
  }

  /** A search whose matches are all hidden would still page through them: the answer must not depend on them. */
  @Test
  void searchingForEventsAboutAHiddenRecordAnswersLikeForARecordThatDoesNotExist() {
    anEventNamingTheRestrictedObservation();
    HttpResponse<String> named = psychiatrist().get("/fhir/AuditEvent?entity=" + restricted + "&_count=1");
    HttpResponse<String> missing = psychiatrist().get("/fhir/AuditEvent?entity=Observation/999999999&_count=1");
    assertThat(named.statusCode()).as(named.body()).isEqualTo(missing.statusCode());
    assertThat(named.body()).isEqualTo(missing.body());
  }

  @Test
  void theClientAndExternalPartiesReadNoAuditEventsButThePrivacyOfficerDoes() {
    fixture.create("/fhir/Patient", AuditFixture.patient(OTHER_BSN, fixture.marker + "Derde", LocalDate.now().minusYears(40)));
    FhirHttp stranger = AuditFixture.stranger(anonymous());
    assertThat(stranger.get("/fhir/Patient?identifier=" + BSN_SYSTEM + "%7C" + BSN + "," + BSN_SYSTEM + "%7C" + OTHER_BSN)
        .statusCode()).isEqualTo(200);
    String event = anEventNamingTheRestrictedObservation().getIdElement().getIdPart();
    String aboutTheirSearch = fixture.events(fixture.patient).get(0).getIdElement().getIdPart();

    FhirHttp client = clientApp(fixture.patient, "patient/*.rs");
    for (String id : List.of(event, aboutTheirSearch)) {
      HttpResponse<String> read = client.get("/fhir/AuditEvent/" + id);
      assertThat(read.statusCode()).as(read.body()).isEqualTo(404);
      assertThat(read.body()).doesNotContain(OTHER_BSN);
      assertNoAuditTrail("client read", read.body());
    }
    HttpResponse<String> own = client.get("/fhir/AuditEvent?patient=Patient/" + fixture.patient);
    assertThat(own.body()).doesNotContain(OTHER_BSN);
    assertNoAuditTrail("client search", own.body());
    assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
    HttpResponse<String> everything = client.get("/fhir/Patient/" + fixture.patient + "/$everything");
    assertThat(everything.statusCode()).as(everything.body()).isEqualTo(200);
    // the client may see their own very restricted record, but not the trail
    assertThat(everything.body()).doesNotContain(OTHER_BSN).doesNotContain("\"resourceType\":\"AuditEvent\"");

    HttpResponse<String> gp = AuditFixture.gp(anonymous()).get("/fhir/AuditEvent/" + event);
    assertThat(gp.statusCode()).isEqualTo(404);
    assertNoAuditTrail("gp", gp.body());

    HttpResponse<String> officer = AuditFixture.privacyOfficer(anonymous())
        .get("/fhir/AuditEvent?patient=Patient/" + fixture.patient);
    assertThat(officer.statusCode()).as(officer.body()).isEqualTo(200);
    assertThat(officer.body()).contains("\"resourceType\":\"AuditEvent\"").contains(restricted);
  }

  @Test
  void theOverviewShowsOnlyWhatConcernsTheClient() {
    String other = fixture.create("/fhir/Patient", AuditFixture.patient(OTHER_BSN, fixture.marker + "Derde",
        LocalDate.now().minusYears(40)));
    String othersObservation = fixture.create("/fhir/Observation",
        AuditFixture.observation(other, fixture.marker + "-derde", false));
    FhirHttp stranger = AuditFixture.stranger(anonymous());
    // an external party's queries naming both clients: denied, logged per client with the query as typed
    assertThat(stranger.get("/fhir/Patient?identifier=" + BSN_SYSTEM + "%7C" + BSN + "," + BSN_SYSTEM + "%7C" + OTHER_BSN)
        .statusCode()).isEqualTo(200);
    assertThat(stranger.get("/fhir/Observation?subject=Patient/" + fixture.patient + ",Patient/" + other)
        .statusCode()).isEqualTo(200);
    // the other client's own app asking for this client's record
    HttpResponse<String> othersApp = clientApp(other, "user/*.rs").get("/fhir/Observation/" + fixture.sharedObservation);
    assertThat(othersApp.statusCode()).as(othersApp.body()).isEqualTo(404);
    String logged = AuditFixture.FHIR.newJsonParser().encodeResourceToString(new Bundle().setEntry(
        fixture.events(fixture.patient).stream().map(e -> new Bundle.BundleEntryComponent().setResource(e)).toList()));
    assertThat(logged).as("the log itself keeps what was asked, and by whom").contains(OTHER_BSN)
        .contains("Patient/" + other).contains("client-" + other);

    for (FhirHttp reader : List.of(clientApp(fixture.patient, "patient/*.rs"), AuditFixture.privacyOfficer(anonymous()))) {
      HttpResponse<String> overview = reader.get("/fhir/Patient/" + fixture.patient + "/$disclosure-overview");
      assertThat(overview.statusCode()).as(overview.body()).isEqualTo(200);
      String body = overview.body();
      assertThat(body).doesNotContain(OTHER_BSN).doesNotContain("Patient/" + other).doesNotContain("client-" + other)
          .doesNotContain("Observation/" + othersObservation).doesNotContain("/" + other + "\"")
          .doesNotContain("=" + other);
      assertThat(body).contains(AuditFixture.STRANGER_URA).contains(ClientOverviewFilter.OTHER_CLIENT);
      assertThat(AuditFixture.FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.Parameters.class, body)
          .getParameters("disclosure")).hasSize(3);
    }
  }

  private void assertNoAuditTrail(String path, String body) {
    assertThat(body).as(path).doesNotContain("\"resourceType\":\"AuditEvent\"").doesNotContain(restricted + "\"")
        .doesNotContain(restricted + "/");
  }
}
