package nl.sluis.audit;

import nl.sluis.testsupport.H2ServerTest;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.TestTokens;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail on the zero-setup H2 default (the same Spring context as H2DefaultServerTest): the
 * audit log's SQL runs on H2, a denial is logged before the response and served from the log at once, and a
 * database of an earlier version (events also stored as HAPI resources, a pending list) is upgraded.
 */
@H2ServerTest
class AuditOnH2Test {

  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired AuditLog auditLog;
  @Autowired AuditChainHead head;
  @Autowired DaoRegistry daos;
  @Autowired PlatformTransactionManager transactions;
  @Autowired IInterceptorService storageInterceptors;
  @Autowired FormerAuditEventCopies formerCopies;

  @Test
  void aDenialIsLoggedChainedAndShownOnH2() {
    FhirHttp staff = new FhirHttp("http://localhost:" + port, TestTokens.internalProfessional("user/*.cruds"));
    String patient = created(staff.post("/fhir/Patient", FHIR_JSON,
        AuditFixture.patient("999911193", "AuditH2", LocalDate.now().minusYears(40))));
    String observation = created(staff.post("/fhir/Observation", FHIR_JSON,
        AuditFixture.observation(patient, "h2-audit", false)));
    FhirHttp anonymous = new FhirHttp("http://localhost:" + port);
    assertThat(AuditFixture.stranger(anonymous).get("/fhir/Observation/" + observation).statusCode()).isEqualTo(404);

    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Integer logged = jdbc.queryForObject("SELECT COUNT(*) FROM " + AuditLog.LOG + " WHERE event LIKE ?",
        Integer.class, "%Patient/" + patient + "\"%");
    assertThat(logged).isEqualTo(1);

    FhirHttp officer = AuditFixture.privacyOfficer(anonymous);
    HttpResponse<String> overview = officer.get("/fhir/Patient/" + patient + "/$disclosure-overview");
    assertThat(overview.statusCode()).as(overview.body()).isEqualTo(200);
    Parameters own = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, overview.body());
    assertThat(own.getParameters("disclosure")).hasSize(1);
    assertThat(overview.body()).contains(AuditFixture.STRANGER_URA);

    HttpResponse<String> verified = officer.get("/fhir/$verify-audit-chain");
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    Parameters chain = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, verified.body());
    assertThat(chain.getParameterBool("valid")).as(verified.body()).isTrue();
    HttpResponse<String> found = officer.get("/fhir/AuditEvent?patient=Patient/" + patient + "&outcome=deny");
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    assertThat(AuditFixture.FHIR.newJsonParser().parseResource(Bundle.class, found.body()).getEntry()).hasSize(1);
  }

  /**
   * A database of the previous version: every event also stored as a HAPI AuditEvent resource, a list of
   * events still waiting to be, rows without the search index. Start-up brings it to the one-copy trail: every
   * event readable, searchable and verifiable from the log, the former copies no longer served, the pending
   * list gone. One from before the audit log (chain in the resources only) is refused, not silently emptied.
   */
  @Test
  void databasesOfEarlierVersionsAreUpgraded() {
    FhirHttp anonymous = new FhirHttp("http://localhost:" + port);
    FhirHttp staff = new FhirHttp("http://localhost:" + port, TestTokens.internalProfessional("user/*.cruds"));
    String patient = created(staff.post("/fhir/Patient", FHIR_JSON,
        AuditFixture.patient("999911211", "AuditUpgrade", LocalDate.now().minusYears(30))));
    for (int i = 0; i < 3; i++) {
      assertThat(AuditFixture.stranger(anonymous).get("/fhir/Patient/" + patient).statusCode()).isEqualTo(404);
    }
    assertThat(storageInterceptors.getAllRegisteredInterceptors()).as("nothing to hide: no second load of "
        + "every search's matches").doesNotContain(formerCopies);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<Map<String, Object>> before = jdbc.queryForList("SELECT seq, hash FROM " + AuditLog.LOG + " ORDER BY seq");
    assertThat(before).hasSizeGreaterThanOrEqualTo(3);
    storeAsFormerCopies(jdbc.queryForList("SELECT event FROM " + AuditLog.LOG + " ORDER BY seq", String.class));
    jdbc.execute("CREATE TABLE " + AuditLog.FORMER_PENDING + " (seq BIGINT PRIMARY KEY)");
    jdbc.update("INSERT INTO " + AuditLog.FORMER_PENDING + " (seq) SELECT MAX(seq) FROM " + AuditLog.LOG);
    // the log as the previous version left it: no search index
    jdbc.update("UPDATE " + AuditLog.LOG + " SET indexed = NULL, client = NULL, recorded_ms = NULL");
    jdbc.update("DELETE FROM " + AuditLog.INDEX);

    upgrade();
    FhirHttp officer = AuditFixture.privacyOfficer(anonymous);
    assertUpgraded(jdbc, officer, patient, before);

    // as the version before the report's columns left it: indexed for searches, not for the report
    jdbc.update("UPDATE " + AuditLog.LOG + " SET indexed = 1, recipient = NULL, recipient_name = NULL, "
        + "disclosure_outcome = NULL, ground = NULL, legal_ground = NULL");
    upgrade();
    assertUpgraded(jdbc, officer, patient, before);

    // as the version before request facets: every term one index row per event, no facet combinations
    jdbc.update("UPDATE " + AuditLog.LOG + " SET indexed = 2, facets = NULL");
    jdbc.update("DELETE FROM " + AuditLog.FACET);
    jdbc.update("DELETE FROM " + AuditLog.FACET_SET);
    jdbc.update("INSERT INTO " + AuditLog.INDEX + " (seq, name, val) SELECT seq, 'outcome', 'deny' FROM " + AuditLog.LOG);
    upgrade();
    assertUpgraded(jdbc, officer, patient, before);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + AuditLog.INDEX + " WHERE name IN ('agent', "
        + "'agent-identifier', 'outcome', 'purpose', 'subtype')", Integer.class)).as("facets are not per event")
        .isZero();

    // older still, the chain only in the resources: refused (an earlier release copies it into the log first)
    List<Map<String, Object>> rows = jdbc.queryForList("SELECT seq, hash, event FROM " + AuditLog.LOG);
    jdbc.update("DELETE FROM " + AuditLog.INDEX);
    jdbc.update("DELETE FROM " + AuditLog.LOG);
    assertThatThrownBy(this::upgrade).hasMessageContaining("from before the audit log");
    for (Map<String, Object> row : rows) {
      jdbc.update("INSERT INTO " + AuditLog.LOG + " (seq, hash, event) VALUES (?, ?, ?)", row.get("seq"),
          row.get("hash"), row.get("event"));
    }
    upgrade();
    assertUpgraded(jdbc, officer, patient, before);
  }

  private void assertUpgraded(JdbcTemplate jdbc, FhirHttp officer, String patient, List<Map<String, Object>> before) {
    assertThat(jdbc.queryForList("SELECT seq, hash FROM " + AuditLog.LOG + " ORDER BY seq")).isEqualTo(before);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = ?",
        Integer.class, AuditLog.FORMER_PENDING)).isZero();
    HttpResponse<String> verified = officer.get("/fhir/$verify-audit-chain");
    Parameters chain = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, verified.body());
    assertThat(chain.getParameterBool("valid")).as(verified.body()).isTrue();
    HttpResponse<String> found = officer.get("/fhir/AuditEvent?patient=Patient/" + patient);
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    List<Bundle.BundleEntryComponent> events = AuditFixture.FHIR.newJsonParser().parseResource(Bundle.class,
        found.body()).getEntry();
    assertThat(events).hasSize(3);
    // searched through the facet combinations (the disclosure outcome is a request facet)
    assertThat(AuditFixture.FHIR.newJsonParser().parseResource(Bundle.class,
        officer.get("/fhir/AuditEvent?patient=Patient/" + patient + "&outcome=deny").body()).getEntry()).hasSize(3);
    assertThat(AuditFixture.FHIR.newJsonParser().parseResource(Bundle.class,
        officer.get("/fhir/AuditEvent?patient=Patient/" + patient + "&outcome=permit").body()).getEntry()).isEmpty();
    String id = events.get(0).getResource().getIdElement().getIdPart();
    assertThat(officer.get("/fhir/AuditEvent/" + id).statusCode()).isEqualTo(200);
    Parameters overview = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class,
        officer.get("/fhir/Patient/" + patient + "/$disclosure-overview").body());
    assertThat(overview.getParameters("disclosure")).hasSize(3);
    // the report counts and groups in the database: the upgraded rows carry its columns
    Parameters report = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class,
        officer.get("/fhir/$disclosure-report?patient=Patient/" + patient + "&outcome=deny").body());
    assertThat(report.getParameterValue("total").primitiveValue()).isEqualTo("3");
    assertThat(report.getParameters("group")).singleElement().satisfies(group ->
        assertThat(group.getPart()).anySatisfy(part -> assertThat(part.getName() + "=" + part.getValue()
            .primitiveValue()).isEqualTo("count=3")));
    // the former copies are not served by HAPI, not even to the privacy officer
    HttpResponse<String> revinclude = officer.get("/fhir/Patient?_id=" + patient + "&_revinclude=AuditEvent:patient");
    assertThat(revinclude.statusCode()).as(revinclude.body()).isEqualTo(200);
    assertThat(revinclude.body()).doesNotContain("\"resourceType\":\"AuditEvent\"");
  }

  private void upgrade() {
    new AuditLogUpgrade(auditLog, head, new TransactionTemplate(transactions), AuditFixture.FHIR).run();
    formerCopies.decideAtStartUp(storageInterceptors, new JdbcTemplate(dataSource)); // as at start-up
  }

  /** What the former materialiser did: each logged event created as a HAPI resource (the guard set aside). */
  private void storeAsFormerCopies(List<String> events) {
    AppendOnlyGuard guard = storageInterceptors.getAllRegisteredInterceptors().stream()
        .filter(AppendOnlyGuard.class::isInstance).map(AppendOnlyGuard.class::cast).findFirst().orElseThrow();
    storageInterceptors.unregisterInterceptor(guard);
    try {
      var dao = daos.getResourceDao(AuditEvent.class);
      for (String json : events) {
        AuditEvent event = AuditFixture.FHIR.newJsonParser().parseResource(AuditEvent.class, json);
        event.setIdElement(null);
        new TransactionTemplate(transactions).executeWithoutResult(s -> dao.create(event, new SystemRequestDetails()));
      }
    } finally {
      storageInterceptors.registerInterceptor(guard);
    }
  }

  private static String created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }
}
