package nl.sluis.server;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What an operations team relies on: probes, metrics, request ids, closed CORS, clean logs. */
@ExtendWith(OutputCaptureExtension.class)
class OperationsHttpTest extends PostgresServerTest {

  /** Readiness includes the database and the start-up warm-ups: it turns UP once they end, and stays UP. */
  @Test
  void livenessAndReadinessIncludingTheDatabase() throws InterruptedException {
    HttpResponse<String> readiness = anonymous().get("/actuator/health/readiness");
    for (int i = 0; i < 240 && readiness.statusCode() == 503; i++) { // warm-ups still running (seconds)
      assertThat(readiness.body()).contains("OUT_OF_SERVICE");
      Thread.sleep(500);
      readiness = anonymous().get("/actuator/health/readiness");
    }
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"UP\"");
    assertThat(anonymous().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    HttpResponse<String> health = anonymous().get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
  }

  /** The operators' endpoints take the operator credential (dev: operator / dev-operator), never a FHIR token. */
  @Test
  void operatorEndpointsTakeTheOperatorCredentialOnly() {
    String operator = "Basic " + java.util.Base64.getEncoder().encodeToString("operator:dev-operator".getBytes());
    String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("operator:guess".getBytes());
    for (String path : new String[] {"/actuator/prometheus", "/actuator/info"}) {
      HttpResponse<String> withFhirToken = http().get(path);
      assertThat(withFhirToken.statusCode()).as(path + " with a FHIR token").isEqualTo(401);
      assertThat(withFhirToken.body()).contains("OperationOutcome").doesNotContain("jvm_");
      assertThat(withFhirToken.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
          challenge -> assertThat(challenge).startsWith("Basic"));
      assertThat(anonymous().get(path, "Authorization", wrong).statusCode()).as(path + " wrong password").isEqualTo(401);
      assertThat(anonymous().get(path).statusCode()).as(path + " anonymous").isEqualTo(401);
      assertThat(anonymous().get(path, "Authorization", operator).statusCode()).as(path + " operator").isEqualTo(200);
    }
    assertThat(anonymous().get("/actuator/health/readiness").statusCode()).isIn(200, 503); // 503: warming up
  }

  @Test
  void prometheusMetrics() {
    String operator = "Basic " + java.util.Base64.getEncoder().encodeToString("operator:dev-operator".getBytes());
    HttpResponse<String> metrics = anonymous().get("/actuator/prometheus", "Authorization", operator);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds_count")
        // HikariCP is the pool (spring.datasource.hikari.* applies), not HAPI's commons-dbcp2 default
        .contains("hikaricp_connections_max");
  }

  /**
   * Per FHIR interaction and type, disclosure decisions by outcome and basis, audit write and commit times,
   * validation time; FHIR requests in http.server.requests by path template, never UNKNOWN or an id.
   */
  @Test
  void fhirDisclosureAuditAndValidationMetrics() {
    String created = http().post("/fhir/Patient", nl.sluis.testsupport.FhirHttp.FHIR_JSON,
        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Metrics\"}],\"birthDate\":\"1980-02-03\"}")
        .headers().firstValue("Location").orElseThrow();
    String id = created.replaceAll(".*/Patient/([^/]+)/_history.*", "$1");
    assertThat(http().get("/fhir/Patient/" + id).statusCode()).isEqualTo(200);
    String stranger = nl.sluis.testsupport.TestTokens.token("00000009", "uzi-900000016", "01.015", "TREAT",
        "system/*.rs", null);
    assertThat(anonymous().withToken(stranger).get("/fhir/Patient/" + id).statusCode()).isEqualTo(404);

    String operator = "Basic " + java.util.Base64.getEncoder().encodeToString("operator:dev-operator".getBytes());
    String metrics = anonymous().get("/actuator/prometheus", "Authorization", operator).body();
    assertThat(metrics)
        .containsPattern("sluis_fhir_requests_seconds_count\\{[^}]*interaction=\"read\"[^}]*status=\"200\"[^}]*"
            + "type=\"Patient\"")
        .containsPattern("sluis_fhir_requests_seconds_count\\{[^}]*interaction=\"create\"[^}]*status=\"201\"")
        .containsPattern("sluis_disclosure_decisions_total\\{basis=\"[a-z]+\",outcome=\"deny\"")
        .contains("sluis_audit_write_seconds_count", "sluis_audit_commit_seconds_count",
            "sluis_audit_commit_events_count")
        .containsPattern("sluis_validation_seconds_count\\{result=\"valid\",type=\"Patient\"")
        .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/fhir/Patient/\\{id}\"")
        .doesNotContain("uri=\"/fhir/Patient/" + id + "\"");
    assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count")
        && line.contains("uri=\"UNKNOWN\"") && line.contains("/fhir"))).isEmpty();
  }

  @Test
  void requestIdIsEchoedOrGenerated() {
    HttpResponse<String> echoed = http().get("/fhir/metadata", "X-Request-ID", "trace-42");
    assertThat(echoed.headers().allValues("X-Request-ID")).containsExactly("trace-42");
    HttpResponse<String> generated = http().get("/fhir/metadata");
    assertThat(generated.headers().allValues("X-Request-ID")).hasSize(1)
        .allSatisfy(id -> assertThat(id).hasSizeGreaterThan(8));
    HttpResponse<String> rejected = http().get("/fhir/metadata", "X-Request-ID", "bad id with spaces");
    assertThat(rejected.headers().firstValue("X-Request-ID")).isPresent().get()
        .isNotEqualTo("bad id with spaces");
  }

  /** Data paths are closed; discovery documents are open for reading (SmartDiscoveryHttpTest). */
  @Test
  void corsIsClosedOnDataByDefault() {
    HttpResponse<String> response = http().get("/fhir/Patient?_count=1", "Origin", "https://evil.example");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(http().get("/fhir/metadata", "Origin", "https://evil.example").headers()
        .firstValue("Access-Control-Allow-Credentials")).as("discovery: never with credentials").isEmpty();
    HttpResponse<String> preflight = http().method("OPTIONS", "/fhir/Patient", null, null,
        "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void expungeIsRefused() {
    String created = nl.sluis.testsupport.FhirHttp.idFromLocation(http().post("/fhir/Patient", FHIR_JSON,
        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Expunge\"}],\"birthDate\":\"2008-05-17\"}"));
    String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":["
        + "{\"name\":\"expungeEverything\",\"valueBoolean\":true}]}";
    HttpResponse<String> system = http().post("/fhir/$expunge", FHIR_JSON, parameters);
    assertThat(system.statusCode()).isBetween(400, 499);
    HttpResponse<String> instance = http().post("/fhir/Patient/" + created + "/$expunge", FHIR_JSON,
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"expungeDeletedResources\",\"valueBoolean\":true}]}");
    assertThat(instance.statusCode()).isBetween(400, 499);
    assertThat(http().get("/fhir/Patient/" + created).statusCode()).isEqualTo(200);
  }

  @Test
  void graphqlAndBulkExportAreNotServed() {
    assertThat(http().get("/fhir/$graphql?query=%7BPatientList%7Bid%7D%7D").statusCode()).isBetween(400, 499);
    assertThat(http().get("/fhir/$export", "Prefer", "respond-async").statusCode()).isBetween(400, 499);
  }

  /** RDF needs Apache Jena, which the jar leaves out: a clear 406/415, never a 500, and not advertised. */
  @Test
  void rdfTurtleIsRefusedWithAClearAnswer() {
    for (String format : new String[] {"rdf", "ttl", "text/turtle", "application/x-turtle"}) {
      HttpResponse<String> answer = http().get("/fhir/Patient?_format=" + format);
      assertThat(answer.statusCode()).as("_format=" + format).isEqualTo(406);
      assertThat(answer.body()).contains("OperationOutcome", "not-supported");
    }
    assertThat(http().get("/fhir/Patient", "Accept", "text/turtle").statusCode()).isEqualTo(406);
    assertThat(http().get("/fhir/metadata", "Accept", "text/turtle").statusCode()).isEqualTo(406);
    assertThat(http().get("/fhir/Patient", "Accept", "application/fhir+json, text/turtle;q=0.5").statusCode())
        .isEqualTo(200);
    HttpResponse<String> turtleBody = http().post("/fhir/Patient", "text/turtle",
        "@prefix fhir: <http://hl7.org/fhir/> . [] a fhir:Patient .");
    assertThat(turtleBody.statusCode()).isEqualTo(415);
    assertThat(turtleBody.body()).contains("OperationOutcome");
    assertThat(http().get("/fhir/metadata").body()).doesNotContain("turtle", "\"ttl\"");
  }

  @Test
  void logsNeverContainBodiesOrSearchValues(CapturedOutput output) {
    String marker = "Geheim" + UUID.randomUUID().toString().replace("-", "");
    String bsn = "999911120";
    HttpResponse<String> created = http().post("/fhir/Patient", FHIR_JSON,
        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\","
            + "\"value\":\"" + bsn + "\"}],\"name\":[{\"family\":\"" + marker + "\"}],\"birthDate\":\"2008-05-17\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    http().get("/fhir/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C" + bsn);
    http().post("/fhir/Patient", FHIR_JSON, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + marker);
    assertThat(output.getAll()).contains("create Patient -> 201").doesNotContain(marker).doesNotContain(bsn);
  }
}
