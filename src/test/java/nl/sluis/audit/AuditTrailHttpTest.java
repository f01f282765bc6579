package nl.sluis.audit;

import static nl.sluis.audit.AuditFixture.GP_URA;
import static nl.sluis.audit.AuditFixture.STRANGER_URA;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit trail end to end over HTTP on PostgreSQL: events per decision type, append-only, tamper, views. */
class AuditTrailHttpTest extends PostgresServerTest {

  private static final String BSN = "999911120";
  private AuditFixture fixture;
  private FhirHttp gp;
  private FhirHttp stranger;

  @BeforeEach
  void setUp() {
    fixture = new AuditFixture(http(), BSN);
    gp = AuditFixture.gp(anonymous());
    stranger = AuditFixture.stranger(anonymous());
  }

  /**
   * Events are stored as resources after the response, possibly much later (background priority): a resource
   * the event names may have been deleted by then. The event must still be stored, and the chain verify.
   */
  @Test
  void anEventNamingDataDeletedSinceIsStillStored() {
    fixture.grantGpObservations();
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    HttpResponse<String> deleted = http().delete("/fhir/Observation/" + fixture.sharedObservation);
    assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);

    List<AuditEvent> events = fixture.events(fixture.patient);
    assertThat(events).hasSize(1);
    assertThat(entity(events.get(0), "2", "4")).extracting(e -> e.getWhat().getReference())
        .containsExactly("Observation/" + fixture.sharedObservation);
    HttpResponse<String> verified = AuditFixture.privacyOfficer(anonymous()).get("/fhir/$verify-audit-chain");
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    Parameters chain = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, verified.body());
    assertThat(chain.getParameterBool("valid")).as(verified.body()).isTrue();
  }

  @Test
  void externalPermitIsAuditedWithEveryField() {
    String consent = fixture.grantGpObservations();
    HttpResponse<String> read = gp.get("/fhir/Observation/" + fixture.sharedObservation, "X-Request-ID", "req-permit-1");
    assertThat(read.statusCode()).isEqualTo(200);

    List<AuditEvent> events = fixture.events(fixture.patient);
    assertThat(events).hasSize(1);
    AuditEvent event = events.get(0);
    assertThat(event.getMeta().getProfile().get(0).getValue()).isEqualTo(AuditCodes.PROFILE);
    assertThat(event.getType().getCode()).isEqualTo("rest");
    assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("read");
    assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
    assertThat(event.getRecorded()).isNotNull();
    assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    assertThat(event.getOutcomeDesc()).isEqualTo("permit");
    assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");

    AuditEventAgentComponent user = agent(event, "IRCP");
    assertThat(user.getWho().getIdentifier().getValue()).isEqualTo("uzi-900000015");
    assertThat(user.getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("01.015");
    assertThat(user.getRequestor()).isTrue();
    assertThat(user.getPolicy()).isNotEmpty(); // the token id
    AuditEventAgentComponent client = agent(event, "110153");
    assertThat(client.getWho().getIdentifier().getSystem()).isEqualTo("http://fhir.nl/fhir/NamingSystem/ura");
    assertThat(client.getWho().getIdentifier().getValue()).isEqualTo(GP_URA);
    assertThat(client.getNetwork().getAddress()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(event.getAgent()).noneMatch(a -> "RESP".equals(a.getType().getCodingFirstRep().getCode()));

    AuditEventEntityComponent patient = entity(event, "1", "1").get(0);
    assertThat(patient.getWhat().getReference()).isEqualTo("Patient/" + fixture.patient);
    assertThat(patient.getWhat().getIdentifier().getValue()).isEqualTo(BSN);
    assertThat(entity(event, "2", "4")).extracting(e -> e.getWhat().getReference())
        .containsExactly("Observation/" + fixture.sharedObservation);
    AuditEventEntityComponent basis = basis(event).get(0);
    assertThat(basis(event)).hasSize(1);
    assertThat(basis.getWhat().getReference()).isEqualTo("Consent/" + consent);
    assertThat(((org.hl7.fhir.r4.model.Coding) basis.getExtensionByUrl(AuditCodes.LEGAL_GROUND_EXTENSION).getValue())
        .getCode()).isEqualTo("consent");
    assertThat(event.getEntity()).anyMatch(e -> "XrequestId".equals(e.getType().getCode())
        && "req-permit-1".equals(e.getWhat().getIdentifier().getValue()));
    assertThat(AuditChainHash.sequence(event)).isPresent();
    assertThat(AuditChainHash.value(event, AuditChainHash.HASH_URL)).get().asString().hasSize(64);
  }

  @Test
  void externalDenialEndingIn404IsAudited() {
    HttpResponse<String> read = stranger.get("/fhir/Observation/" + fixture.sharedObservation);
    assertThat(read.statusCode()).isEqualTo(404);
    assertThat(read.body()).doesNotContain(fixture.marker);

    List<AuditEvent> events = fixture.events(fixture.patient);
    assertThat(events).hasSize(1);
    AuditEvent event = events.get(0);
    assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    assertThat(event.getOutcomeDesc()).isEqualTo("deny");
    assertThat(agent(event, "110153").getWho().getIdentifier().getValue()).isEqualTo(STRANGER_URA);
    // internal log: names the hidden resource, and what was asked
    assertThat(entity(event, "2", "4")).extracting(e -> e.getWhat().getReference())
        .containsExactly("Observation/" + fixture.sharedObservation);
    assertThat(event.getEntity()).anyMatch(e -> "24".equals(e.getRole().getCode())
        && e.getDescription().endsWith("/fhir/Observation/" + fixture.sharedObservation));
    assertThat(basis(event)).extracting(e -> e.getWhat().getIdentifier().getValue())
        .contains("policy:external-default-deny");
  }

  /**
   * One event per outcome, naming every resource the search decided. The GP's consent withholds one Observation by
   * name; a ground naming records may cover very restricted ones too, so the concern is loaded and decided as well.
   */
  @Test
  void searchGivesOneEventPerOutcomeNamingEveryResource() {
    String withheld = fixture.create("/fhir/Observation", AuditFixture.observation(fixture.patient, "achter", false));
    fixture.grantGpObservationsWithheld(withheld);
    HttpResponse<String> search = gp.get("/fhir/Observation?subject=Patient/" + fixture.patient);
    assertThat(search.statusCode()).isEqualTo(200);
    List<AuditEvent> events = fixture.events(fixture.patient);
    assertThat(events).hasSize(2);
    assertThat(events).allMatch(e -> "search-type".equals(e.getSubtypeFirstRep().getCode())
        && e.getAction() == AuditEvent.AuditEventAction.E);
    AuditEvent permit = events.stream().filter(e -> e.getOutcomeDesc().equals("permit")).findFirst().orElseThrow();
    AuditEvent deny = events.stream().filter(e -> e.getOutcomeDesc().equals("deny")).findFirst().orElseThrow();
    assertThat(entity(permit, "2", "4")).extracting(e -> e.getWhat().getReference())
        .containsExactly("Observation/" + fixture.sharedObservation);
    assertThat(entity(deny, "2", "4")).extracting(e -> e.getWhat().getReference())
        .containsExactlyInAnyOrder("Observation/" + fixture.restrictedObservation, "Observation/" + withheld);
    assertThat(fixture.events(fixture.otherPatient)).isEmpty();
  }

  /**
   * A consent for Observations that names neither label V nor records nor categories can disclose no very restricted
   * one: the concern is left out of the search before any SQL, so it is neither decided nor in the trail.
   */
  @Test
  void veryRestrictedRecordsNoneOfWhichMayBeSeenAreLeftOutOfASearchUnaudited() {
    fixture.grantGpObservations();
    HttpResponse<String> search = gp.get("/fhir/Observation?subject=Patient/" + fixture.patient);
    assertThat(search.statusCode()).isEqualTo(200);
    List<AuditEvent> events = fixture.events(fixture.patient);
    assertThat(events).extracting(AuditEvent::getOutcomeDesc).containsExactly("permit");
    assertThat(entity(events.get(0), "2", "4")).extracting(e -> e.getWhat().getReference())
        .containsExactly("Observation/" + fixture.sharedObservation);
  }

  @Test
  void batchEntriesAreAuditedByTheBatch() {
    fixture.grantGpObservations();
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation/" + fixture.sharedObservation + "\"}},"
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation/" + fixture.restrictedObservation + "\"}}]}";
    HttpResponse<String> response = gp.post("/fhir", FHIR_JSON, batch);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<AuditEvent> events = fixture.events(fixture.patient);
    assertThat(events).extracting(AuditEvent::getOutcomeDesc).containsExactlyInAnyOrder("permit", "deny");
    // recorded with the outer request; HAPI reports a batch POST as its TRANSACTION interaction
    assertThat(events).allMatch(e -> java.util.Set.of("batch", "transaction").contains(e.getSubtypeFirstRep().getCode()));
  }

  @Test
  void internalAccessIsAuditedForVeryRestrictedDataOnly() {
    FhirHttp psychiatrist = anonymous().withToken(TestTokens.internalProfessional("user/*.cruds"));
    assertThat(psychiatrist.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    assertThat(fixture.events(fixture.patient)).isEmpty();
    assertThat(psychiatrist.get("/fhir/Observation/" + fixture.restrictedObservation).statusCode()).isEqualTo(404);
    List<AuditEvent> events = fixture.events(fixture.patient);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getOutcomeDesc()).isEqualTo("deny");
    assertThat(agent(events.get(0), "110153").getWho().getIdentifier().getValue()).isEqualTo(TestTokens.OWN_URA);
    assertThat(entity(events.get(0), "2", "4")).extracting(e -> e.getWhat().getReference())
        .containsExactly("Observation/" + fixture.restrictedObservation);
  }

  @Test
  void failingAuditWriteBlocksTheDisclosure() throws SQLException {
    fixture.grantGpObservations();
    sql("ALTER TABLE " + AuditChainHead.TABLE + " RENAME TO sluis_audit_chain_head_broken");
    HttpResponse<String> read;
    try {
      read = gp.get("/fhir/Observation/" + fixture.sharedObservation);
    } finally {
      sql("ALTER TABLE sluis_audit_chain_head_broken RENAME TO " + AuditChainHead.TABLE);
    }
    assertThat(read.statusCode()).isEqualTo(500);
    assertThat(read.body()).doesNotContain(fixture.marker).doesNotContain(fixture.sharedObservation + "\"");
    assertThat(fixture.events(fixture.patient)).isEmpty();
  }

  @Test
  void everyMutationPathOnAuditEventsIsRefused() {
    stranger.get("/fhir/Observation/" + fixture.sharedObservation);
    AuditEvent event = fixture.events(fixture.patient).get(0);
    String id = event.getIdElement().getIdPart();
    String body = AuditFixture.FHIR.newJsonParser().encodeResourceToString(event);
    FhirHttp system = http();
    FhirHttp psychiatrist = anonymous().withToken(TestTokens.internalProfessional("user/*.cruds"));
    FhirHttp officer = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000050",
        "privacy-officer", "TREAT", "user/*.cruds", null));
    for (FhirHttp writer : List.of(system, psychiatrist, officer)) {
      // unchanged content: HAPI's no-op update reaches no storage hook and answered 200 as if written
      assertRefused(writer.put("/fhir/AuditEvent/" + id, FHIR_JSON, body));
      assertRefused(writer.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{"
          + "\"resource\":" + body + ",\"request\":{\"method\":\"PUT\",\"url\":\"AuditEvent/" + id + "\"}}]}"));
      assertRefused(writer.post("/fhir/AuditEvent", FHIR_JSON, body.replace("\"id\":\"" + id + "\",", "")));
      assertRefused(writer.put("/fhir/AuditEvent/" + id, FHIR_JSON, body.replace("\"deny\"", "\"permit\"")));
      assertRefused(writer.method("PATCH", "/fhir/AuditEvent/" + id, "application/json-patch+json",
          "[{\"op\":\"replace\",\"path\":\"/outcomeDesc\",\"value\":\"permit\"}]"));
      assertRefused(writer.delete("/fhir/AuditEvent/" + id));
      assertRefused(writer.delete("/fhir/AuditEvent?_id=" + id));
      assertRefused(writer.put("/fhir/AuditEvent?_id=" + id, FHIR_JSON, body));
      assertRefused(writer.post("/fhir/AuditEvent/" + id + "/$meta-add", FHIR_JSON,
          "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":{\"tag\":[{\"code\":\"x\"}]}}]}"));
      String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
          + "{\"request\":{\"method\":\"DELETE\",\"url\":\"AuditEvent/" + id + "\"}}]}";
      assertRefused(writer.post("/fhir", FHIR_JSON, transaction));
      String conditional = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
          + "{\"request\":{\"method\":\"DELETE\",\"url\":\"AuditEvent?_id=" + id + "\"}},"
          + "{\"resource\":" + body.replace("\"id\":\"" + id + "\",", "") + ",\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}";
      assertRefused(writer.post("/fhir", FHIR_JSON, conditional));
    }
    // a delete of the client cascading to its events
    assertRefused(system.delete("/fhir/Patient/" + fixture.patient + "?_cascade=delete"));
    AuditEvent after = fixture.events(fixture.patient).get(0);
    assertThat(after.getMeta().getVersionId()).isEqualTo("1");
    assertThat(after.getOutcomeDesc()).isEqualTo("deny");
    assertThat(verify().getParameterBool("valid")).isTrue();
  }

  /** Removing a row, or swapping two rows' events, directly in the database breaks the chain at that row. */
  @Test
  void deletingOrReorderingLogRowsDirectlyIsDetected() throws SQLException {
    stranger.get("/fhir/Observation/" + fixture.sharedObservation);
    stranger.get("/fhir/Observation/" + fixture.sharedObservation);
    List<AuditEvent> events = fixture.events(fixture.patient);
    long first = AuditChainHash.sequence(events.get(events.size() - 2)).orElseThrow();
    long second = AuditChainHash.sequence(events.get(events.size() - 1)).orElseThrow();
    assertThat(verify().getParameterBool("valid")).isTrue();
    String firstEvent = logged(first);
    String secondEvent = logged(second);
    // reorder: each row gets the other's event
    updateLog(first, secondEvent);
    updateLog(second, firstEvent);
    try {
      Parameters result = verify();
      assertThat(result.getParameterBool("valid")).isFalse();
      assertThat(result.getParameter("brokenSequence").getValue().primitiveValue()).isEqualTo(Long.toString(first));
    } finally {
      updateLog(first, firstEvent);
      updateLog(second, secondEvent);
    }
    assertThat(verify().getParameterBool("valid")).isTrue();
    // delete: the next event names the gap
    String hash;
    try (Connection db = connection(); PreparedStatement find = db.prepareStatement(
        "SELECT hash FROM " + AuditLog.LOG + " WHERE seq = ?")) {
      find.setLong(1, first);
      try (ResultSet row = find.executeQuery()) {
        assertThat(row.next()).isTrue();
        hash = row.getString(1);
      }
    }
    sql("DELETE FROM " + AuditLog.LOG + " WHERE seq = " + first);
    try {
      Parameters result = verify();
      assertThat(result.getParameterBool("valid")).isFalse();
      assertThat(result.getParameter("problem").getValue().primitiveValue()).contains("missing");
      assertThat(((org.hl7.fhir.r4.model.Reference) result.getParameter("brokenEvent").getValue()).getReference())
          .isEqualTo("AuditEvent/" + second);
    } finally {
      try (Connection db = connection(); PreparedStatement insert = db.prepareStatement(
          "INSERT INTO " + AuditLog.LOG + " (seq, hash, event, indexed) VALUES (?, ?, ?, 1)")) {
        insert.setLong(1, first);
        insert.setString(2, hash);
        insert.setString(3, firstEvent);
        insert.executeUpdate();
      }
    }
    assertThat(verify().getParameterBool("valid")).isTrue();
  }

  private static String logged(long sequence) throws SQLException {
    try (Connection db = connection();
        PreparedStatement find = db.prepareStatement("SELECT event FROM " + AuditLog.LOG + " WHERE seq = ?")) {
      find.setLong(1, sequence);
      try (ResultSet row = find.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getString(1);
      }
    }
  }

  @Test
  void editingTheDurableAuditLogDirectlyIsDetected() throws SQLException {
    stranger.get("/fhir/Observation/" + fixture.sharedObservation);
    AuditEvent event = fixture.events(fixture.patient).get(0);
    long sequence = AuditChainHash.sequence(event).orElseThrow();
    assertThat(verify().getParameterBool("valid")).isTrue();
    String original;
    try (Connection db = connection();
        PreparedStatement find = db.prepareStatement("SELECT event FROM " + AuditLog.LOG + " WHERE seq = ?")) {
      find.setLong(1, sequence);
      try (ResultSet row = find.executeQuery()) {
        assertThat(row.next()).isTrue();
        original = row.getString(1);
      }
    }
    assertThat(original).contains("\"outcomeDesc\":\"deny\"");
    updateLog(sequence, original.replace("\"outcomeDesc\":\"deny\"", "\"outcomeDesc\":\"permit\""));
    try {
      Parameters result = verify();
      assertThat(result.getParameterBool("valid")).isFalse();
      assertThat(((org.hl7.fhir.r4.model.Reference) result.getParameter("brokenEvent").getValue()).getReference())
          .isEqualTo("AuditEvent/" + event.getIdElement().getIdPart());
      assertThat(result.getParameter("brokenSequence").getValue().primitiveValue()).isEqualTo(Long.toString(sequence));
      assertThat(result.getParameter("problem").getValue().primitiveValue()).contains("audit log")
          .contains("does not match its hash");
    } finally {
      updateLog(sequence, original);
    }
    assertThat(verify().getParameterBool("valid")).isTrue();
  }

  @Test
  void verificationIsForThePrivacyOfficerOnly() {
    assertThat(AuditFixture.privacyOfficer(anonymous()).get("/fhir/$verify-audit-chain").statusCode()).isEqualTo(200);
    assertThat(anonymous().withToken(TestTokens.internalProfessional("user/*.cruds")).get("/fhir/$verify-audit-chain")
        .statusCode()).isEqualTo(403);
    assertThat(gp.get("/fhir/$verify-audit-chain").statusCode()).isEqualTo(403);
  }

  @Test
  void privacyOfficerReportAndClientOverview() {
    String consent = fixture.grantGpObservations();
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    assertThat(stranger.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
    assertThat(stranger.get("/fhir/Observation/" + fixture.otherObservation).statusCode()).isEqualTo(404);
    FhirHttp officer = AuditFixture.privacyOfficer(anonymous());

    HttpResponse<String> report = officer.get("/fhir/$disclosure-report?patient=Patient/" + fixture.patient
        + "&start=" + java.time.LocalDate.now().minusDays(1));
    assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
    Parameters summary = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, report.body());
    assertThat(summary.getParameterValue("total").primitiveValue()).isEqualTo("2");
    assertThat(report.body()).contains(GP_URA).contains(STRANGER_URA).contains("Consent/" + consent)
        .contains("policy:external-default-deny").doesNotContain(fixture.otherPatient + "\"");
    HttpResponse<String> byOrganisation = officer.get("/fhir/$disclosure-report?organization=" + GP_URA
        + "&outcome=permit&ground=consent&patient=Patient/" + fixture.patient);
    assertThat(AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, byOrganisation.body())
        .getParameterValue("total").primitiveValue()).isEqualTo("1");
    assertThat(gp.get("/fhir/$disclosure-report").statusCode()).isEqualTo(403);

    // paged: totals and groups over every match, events one page at a time, in either order
    String both = "/fhir/$disclosure-report?patient=Patient/" + fixture.patient + "&start="
        + java.time.LocalDate.now().minusDays(1);
    Parameters oldest = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class,
        officer.get(both + "&_count=1").body());
    Parameters second = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class,
        officer.get(both + "&_count=1&_offset=1").body());
    Parameters newest = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class,
        officer.get(both + "&_count=1&_sort=-date").body());
    for (Parameters page : List.of(oldest, second, newest)) {
      assertThat(page.getParameterValue("total").primitiveValue()).isEqualTo("2");
      assertThat(page.getParameters("event")).hasSize(1);
      assertThat(page.getParameters("group").stream().mapToInt(g -> g.getPart().stream()
          .filter(p -> p.getName().equals("count")).mapToInt(p -> Integer.parseInt(p.getValue().primitiveValue()))
          .sum()).sum()).isEqualTo(2);
    }
    String firstEvent = eventOf(oldest);
    assertThat(eventOf(second)).isNotEqualTo(firstEvent).isEqualTo(eventOf(newest));
    for (String bad : new String[] {"_count=0", "_count=1001", "_offset=-1", "_offset=100001", "_sort=outcome"}) {
      HttpResponse<String> refused = officer.get(both + "&" + bad);
      assertThat(refused.statusCode()).as(bad + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.body()).contains("OperationOutcome");
    }

    FhirHttp client = anonymous().withToken(TestTokens.token(null, "client-" + fixture.patient, null, null,
        "patient/*.rs", "Patient/" + fixture.patient));
    HttpResponse<String> overview = client.get("/fhir/Patient/" + fixture.patient + "/$disclosure-overview");
    assertThat(overview.statusCode()).as(overview.body()).isEqualTo(200);
    Parameters own = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, overview.body());
    assertThat(own.getParameters("disclosure")).hasSize(2);
    assertThat(overview.body()).contains(GP_URA).contains("Observation/" + fixture.sharedObservation)
        .contains("consent (Consent/" + consent + ")").doesNotContain(fixture.otherPatient + "\"")
        .doesNotContain(fixture.otherObservation);
    assertThat(officer.get("/fhir/Patient/" + fixture.patient + "/$disclosure-overview?start="
        + java.time.LocalDate.now().plusDays(1)).body()).doesNotContain("disclosure\"");
    HttpResponse<String> period = officer.get("/fhir/Patient/" + fixture.patient + "/$disclosure-overview?start="
        + java.time.LocalDate.now().minusDays(1) + "&end=" + java.time.LocalDate.now().plusDays(1));
    assertThat(AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, period.body())
        .getParameters("disclosure")).hasSize(2);
    assertThat(officer.get("/fhir/Patient/" + fixture.patient + "/$disclosure-overview?end="
        + java.time.LocalDate.now().minusDays(1)).body()).doesNotContain("disclosure\"");
    HttpResponse<String> badDate = officer.get("/fhir/Patient/" + fixture.patient + "/$disclosure-overview?start=gisteren");
    assertThat(badDate.statusCode()).as(badDate.body()).isEqualTo(400);
    assertThat(badDate.body()).contains("start must be a FHIR date");
    assertThat(client.get("/fhir/Patient/" + fixture.otherPatient + "/$disclosure-overview").statusCode())
        .isIn(403, 404);
    assertThat(gp.get("/fhir/Patient/" + fixture.patient + "/$disclosure-overview").statusCode()).isEqualTo(403);
  }

  private Parameters verify() {
    HttpResponse<String> result = AuditFixture.privacyOfficer(anonymous()).get("/fhir/$verify-audit-chain");
    assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
    return AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, result.body());
  }

  private static void assertRefused(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
  }

  private static AuditEventAgentComponent agent(AuditEvent event, String code) {
    return event.getAgent().stream().filter(a -> code.equals(a.getType().getCodingFirstRep().getCode()))
        .findFirst().orElseThrow();
  }

  private static List<AuditEventEntityComponent> entity(AuditEvent event, String type, String role) {
    return event.getEntity().stream().filter(e -> AuditCodes.ENTITY_TYPE.equals(e.getType().getSystem())
        && type.equals(e.getType().getCode()) && role.equals(e.getRole().getCode())).toList();
  }

  private static List<AuditEventEntityComponent> basis(AuditEvent event) {
    return event.getEntity().stream().filter(e -> "Consent".equals(e.getType().getCode())
        && "13".equals(e.getRole().getCode())).toList();
  }

  private static Connection connection() throws SQLException {
    return DriverManager.getConnection(EmbeddedPostgresDatabase.jdbcUrl("sluis_it"), EmbeddedPostgresDatabase.USER,
        EmbeddedPostgresDatabase.PASSWORD);
  }

  private static void sql(String statement) throws SQLException {
    try (Connection db = connection()) {
      db.createStatement().execute(statement);
    }
  }

  private static void updateLog(long sequence, String json) throws SQLException {
    try (Connection db = connection();
        PreparedStatement update = db.prepareStatement("UPDATE " + AuditLog.LOG + " SET event = ? WHERE seq = ?")) {
      update.setString(1, json);
      update.setLong(2, sequence);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private static String eventOf(Parameters page) {
    return page.getParameters("event").get(0).getPart().stream().filter(p -> p.getName().equals("event"))
        .findFirst().orElseThrow().getValue().primitiveValue();
  }
}
