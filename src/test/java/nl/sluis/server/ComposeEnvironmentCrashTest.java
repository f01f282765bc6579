package nl.sluis.server;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.SecondNode;
import nl.sluis.testsupport.ServerProcess;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Durability and the docker compose configuration in one run: the server runs as a process with the environment
 * docker/compose.yaml gives it ({@link SecondNode}: the database address swapped for the shared test context's
 * PostgreSQL database, the context's key file and trusted test system added, the server address left out as the
 * context has none; the JVM's command line adds the C1-only option tests use, {@link ServerProcess#TEST_JVM_OPTIONS}). That process is the second node the two-node tests share,
 * usually started by them; the shared context made the database's schema from an empty database. Concurrent writers
 * create resources; the server is killed with SIGKILL mid-way, started again on the same database, and every write
 * that had been acknowledged (201/200) must be there. The restarted node stays up for the tests that run after this
 * class (it runs after those that only use the node, before the one that kills it last: {@code @Order}).
 */
@Order(Order.DEFAULT + 1)
class ComposeEnvironmentCrashTest extends PostgresServerTest {

  private static final int WRITERS = 4;

  record Acknowledged(String type, String id, String marker) {}

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    Map<String, String> environment = SecondNode.environment();
    assertThat(environment.get("SPRING_DATASOURCE_URL")).contains("localhost");
    assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("dev");

    ServerProcess first = SecondNode.get();
    ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.submit(() -> write(first.http().withToken(TestTokens.internalSystem()), writer, writing, acknowledged));
    }
    waitUntil(() -> acknowledged.size() >= 200, Duration.ofSeconds(60));
    SecondNode.kill();
    writing.set(false);
    writers.shutdown();
    assertThat(writers.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

    long restarting = System.nanoTime();
    ServerProcess second = SecondNode.get();
    System.out.printf("crash test: restart on the database after SIGKILL %d ms, %d acknowledged writes%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting), acknowledged.size());
    // the trusted test system sees every record, whatever policy other tests left in the shared database
    FhirHttp http = second.http().withToken(TestTokens.internalSystem());
    List<Acknowledged> lost = acknowledged.stream()
        .filter(ack -> {
          HttpResponse<String> read = http.get("/fhir/" + ack.type() + "/" + ack.id());
          return read.statusCode() != 200 || !read.body().contains(ack.marker());
        })
        .toList();
    assertThat(lost).as("acknowledged writes missing after SIGKILL").isEmpty();
  }

  private static void write(FhirHttp http, int writer, AtomicBoolean writing,
      ConcurrentLinkedQueue<Acknowledged> acknowledged) {
    for (int i = 0; writing.get(); i++) {
      String marker = "crash-" + writer + "-" + i;
      try {
        if (i % 5 == 4) {
          writeTransaction(http, marker, acknowledged);
        } else {
          HttpResponse<String> created = http.post("/fhir/Patient", FHIR_JSON,
              "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:crash\",\"value\":\""
                  + marker + "\"}],\"birthDate\":\"2008-05-17\"}");
          if (created.statusCode() == 201) {
            acknowledged.add(new Acknowledged("Patient", FhirHttp.idFromLocation(created), marker));
          }
        }
      } catch (RuntimeException serverGone) {
        // after the kill: connection refused or reset; those writes were never acknowledged
      }
    }
  }

  private static void writeTransaction(FhirHttp http, String marker,
      ConcurrentLinkedQueue<Acknowledged> acknowledged) {
    String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"fullUrl\":\"urn:uuid:6f1c0d2e-0000-4000-8000-000000000001\",\"resource\":{\"resourceType\":\"Patient\","
        + "\"identifier\":[{\"system\":\"urn:crash\",\"value\":\"" + marker + "\"}],\"birthDate\":\"2008-05-17\"},"
        + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
        + "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"" + marker
        + "\"},\"subject\":{\"reference\":\"urn:uuid:6f1c0d2e-0000-4000-8000-000000000001\"}},"
        + "\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
    HttpResponse<String> response = http.post("/fhir", FHIR_JSON, bundle);
    if (response.statusCode() == 200) {
      java.util.regex.Matcher locations =
          java.util.regex.Pattern.compile("\"location\":\"(Patient|Observation)/([^/\"]+)").matcher(response.body());
      while (locations.find()) {
        acknowledged.add(new Acknowledged(locations.group(1), locations.group(2), marker));
      }
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("condition not met within " + timeout);
      }
      Thread.sleep(50);
    }
  }
}
