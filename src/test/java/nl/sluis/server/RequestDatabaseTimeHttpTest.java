package nl.sluis.server;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpResponse;
import java.util.UUID;
import javax.sql.DataSource;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.TestJwks;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The request's database time ({@code sluis.limits.request-database-time}) on PostgreSQL, set to 1 s in a context of
 * its own (the only one with that setting; every test of it is in this class): a request whose transactions hold the
 * database longer is answered 503 {@code timeout} about when its time runs out, its work rolled back, its connection
 * back in the pool, and the next request is served. Without the limit (only the 30 s statement timeout) each of these
 * requests succeeds after about 2 s (a 500-entry transaction on 2 cores, session 18; at a 2 s limit it sometimes
 * finished in time).
 */
@ActiveProfiles("dev")
@SpringBootTest(classes = SluisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sluis.limits.request-database-time=" + RequestDatabaseTimeHttpTest.LIMIT_SECONDS + "s")
class RequestDatabaseTimeHttpTest {

  static final int LIMIT_SECONDS = 1;
  /** Past the limit: the statement or validation under way when it ran out, the rollback, writing the answer. */
  private static final long MARGIN_MILLIS = 4_000;
  private static final String DATABASE = "sluis_request_time";
  private static final String MARKER = "urn:sluis-test:request-database-time";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> EmbeddedPostgresDatabase.createDatabase(DATABASE));
    registry.add("spring.datasource.username", () -> EmbeddedPostgresDatabase.USER);
    registry.add("spring.datasource.password", () -> EmbeddedPostgresDatabase.PASSWORD);
    registry.add("sluis.security.jwks-file", () -> "file:" + TestJwks.FILE);
    registry.add("sluis.disclosure.trusted-internal-systems", () -> TestTokens.TRUSTED_SYSTEM);
  }

  private FhirHttp http() {
    return new FhirHttp("http://localhost:" + port, TestTokens.internalSystem());
  }

  private static String patient(String run) {
    return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + MARKER + "\",\"value\":\"" + run
        + "\"}],\"name\":[{\"family\":\"Deadline\"}],\"birthDate\":\"1990-02-03\"}";
  }

  private static String bundle(String type, String run, int entries) {
    StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[");
    for (int i = 0; i < entries; i++) {
      bundle.append(i == 0 ? "" : ",").append("{\"fullUrl\":\"urn:uuid:").append(UUID.randomUUID())
          .append("\",\"resource\":").append(patient(run))
          .append(",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
    }
    return bundle.append("]}").toString();
  }

  /** Warm the validation chain and the storage paths (a cold first write can take a while). */
  @BeforeEach
  void aNormalWriteIsServed() {
    HttpResponse<String> created = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      created = http().post("/fhir/Patient", FHIR_JSON, patient("warm-up"));
      if (created.statusCode() == 201) {
        return;
      }
    }
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  @Test
  void aTransactionPastItIsAnswered503AndNothingOfItIsStored() throws Exception {
    String run = UUID.randomUUID().toString();
    long resourcesBefore = resourceRows();

    long started = System.nanoTime();
    HttpResponse<String> answer = http().post("/fhir", FHIR_JSON, bundle("transaction", run, 500));
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("transaction of 500 entries past a %d s request database time: %d %d ms%n",
        LIMIT_SECONDS, answer.statusCode(), millis);

    assertTimeoutAnswer(answer);
    assertThat(millis).isLessThan(LIMIT_SECONDS * 1000L + MARGIN_MILLIS);
    assertThat(stored(run)).isZero();
    assertThat(resourceRows()).isEqualTo(resourcesBefore);
    assertCleanedUpAndServing();
  }

  @Test
  void aBatchStopsWhereItsTimeRunsOutAndReportsOnlyWhatWasStored() throws Exception {
    String run = UUID.randomUUID().toString();

    long started = System.nanoTime();
    HttpResponse<String> answer = http().post("/fhir", FHIR_JSON, bundle("batch", run, 500));
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(answer.statusCode()).as(answer.body().substring(0, Math.min(600, answer.body().length())))
        .isEqualTo(200);
    int created = 0;
    int timedOut = 0;
    for (JsonNode entry : JSON.readTree(answer.body()).path("entry")) {
      String status = entry.path("response").path("status").asText();
      if (status.startsWith("201")) {
        created++;
      } else {
        assertThat(status).startsWith("503");
        JsonNode issue = entry.path("response").path("outcome").path("issue").path(0);
        assertThat(issue.path("code").asText()).isEqualTo("timeout");
        assertThat(ErrorText.revealsInternals(issue.path("diagnostics").asText())).isFalse();
        timedOut++;
      }
    }
    System.out.printf("batch of 500 entries past a %d s request database time: %d created, %d timed out, %d ms%n",
        LIMIT_SECONDS, created, timedOut, millis);
    // every entry is its own transaction, each far below the limit: only a limit per request stops the batch
    assertThat(timedOut).isPositive();
    assertThat(created + timedOut).isEqualTo(500);
    assertThat(stored(run)).isEqualTo(created);
    assertThat(millis).isLessThan(LIMIT_SECONDS * 1000L + MARGIN_MILLIS);
    assertCleanedUpAndServing();
  }

  private static void assertTimeoutAnswer(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body().substring(0, Math.min(600, answer.body().length())))
        .isEqualTo(503);
    JsonNode outcome = JSON.readTree(answer.body());
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(outcome.path("issue").path(0).path("code").asText()).isEqualTo("timeout");
    assertThat(ErrorText.revealsInternals(answer.body())).as(answer.body()).isFalse();
  }

  /** Connections back in the pool, no statement of the request still running, and the next request is served. */
  private void assertCleanedUpAndServing() throws Exception {
    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    // background work (snapshots of the clients a batch stored, HAPI's jobs) may hold one briefly: wait for quiet
    long deadline = System.nanoTime() + 15_000_000_000L;
    int active;
    int running;
    do {
      Thread.sleep(100);
      active = pool.getHikariPoolMXBean().getActiveConnections(); // read while this check holds none
      running = jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND state = 'active'"
          + " AND pid <> pg_backend_pid()", Integer.class, DATABASE);
    } while ((active > 0 || running > 0) && System.nanoTime() < deadline);
    assertThat(active).as("connections in use").isZero();
    assertThat(running).as("statements still running in the database").isZero();

    HttpResponse<String> created = http().post("/fhir/Patient", FHIR_JSON, patient("after"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(http().get("/fhir/Patient/" + FhirHttp.idFromLocation(created)).statusCode()).isEqualTo(200);
  }

  /** The Patients of this run that a search finds (every page; counts are not served). */
  private int stored(String run) throws Exception {
    String page = "/fhir/Patient?identifier=" + MARKER + "%7C" + run + "&_elements=id&_count=200";
    int found = 0;
    while (page != null) {
      HttpResponse<String> answer = http().get(page);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode bundle = JSON.readTree(answer.body());
      found += bundle.path("entry").size();
      page = null;
      for (JsonNode link : bundle.path("link")) {
        if (link.path("relation").asText().equals("next")) {
          String url = link.path("url").asText();
          page = url.substring(url.indexOf("/fhir"));
        }
      }
    }
    return found;
  }

  private long resourceRows() {
    return new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM hfj_resource", Long.class);
  }
}
