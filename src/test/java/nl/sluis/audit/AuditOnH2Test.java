package nl.sluis.audit;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.sluis.server.SluisApplication;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.TestTokens;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail on the zero-setup H2 default (the same Spring context as H2DefaultServerTest): the
 * audit log's SQL runs on H2, a denial is logged before the response, and the views drain it.
 */
@ActiveProfiles("dev")
@SpringBootTest(
    classes = SluisApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sluis.data-dir=${java.io.tmpdir}/sluis-h2-test-${random.uuid}",
      "hapi.fhir.server_address=https://fhir.ggz-voorbeeld.nl/fhir"
    })
class AuditOnH2Test {

  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired AuditLog auditLog;
  @Autowired AuditChainHead head;
  @Autowired DaoRegistry daos;
  @Autowired PlatformTransactionManager transactions;

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
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + AuditLog.PENDING, Integer.class)).isZero();
  }

  /**
   * A database from before the audit log: its chain lives only in the AuditEvent resources. Start-up copies
   * those events into the log verbatim, after which the chain verifies as before.
   */
  @Test
  void anEarlierChainKeptOnlyInResourcesIsCopiedIntoTheLog() {
    FhirHttp anonymous = new FhirHttp("http://localhost:" + port);
    FhirHttp staff = new FhirHttp("http://localhost:" + port, TestTokens.internalProfessional("user/*.cruds"));
    String patient = created(staff.post("/fhir/Patient", FHIR_JSON,
        AuditFixture.patient("999911211", "AuditUpgrade", LocalDate.now().minusYears(30))));
    for (int i = 0; i < 3; i++) {
      assertThat(AuditFixture.stranger(anonymous).get("/fhir/Patient/" + patient).statusCode()).isEqualTo(404);
    }
    FhirHttp officer = AuditFixture.privacyOfficer(anonymous);
    assertThat(officer.get("/fhir/$verify-audit-chain").statusCode()).isEqualTo(200); // drains: all are resources

    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<Map<String, Object>> before = jdbc.queryForList("SELECT seq, hash FROM " + AuditLog.LOG + " ORDER BY seq");
    assertThat(before).hasSizeGreaterThanOrEqualTo(3);
    jdbc.update("DELETE FROM " + AuditLog.LOG); // the state before the audit log existed

    new AuditLogUpgrade(auditLog, head, daos.getResourceDao(AuditEvent.class), new TransactionTemplate(transactions),
        AuditFixture.FHIR).importEarlierChain();

    assertThat(jdbc.queryForList("SELECT seq, hash FROM " + AuditLog.LOG + " ORDER BY seq")).isEqualTo(before);
    HttpResponse<String> verified = officer.get("/fhir/$verify-audit-chain");
    Parameters chain = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, verified.body());
    assertThat(chain.getParameterBool("valid")).as(verified.body()).isTrue();

    // rows from before the indexed columns: filled from their events, and the client's overview (which
    // reads the log) finds them
    jdbc.update("UPDATE " + AuditLog.LOG + " SET client = NULL, recorded_ms = NULL");
    assertThat(auditLog.fillIndexColumns(AuditFixture.FHIR.newJsonParser())).isEqualTo(before.size());
    HttpResponse<String> overview = officer.get("/fhir/Patient/" + patient + "/$disclosure-overview");
    Parameters own = AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, overview.body());
    assertThat(own.getParameters("disclosure")).hasSize(3);
  }

  private static String created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }
}
