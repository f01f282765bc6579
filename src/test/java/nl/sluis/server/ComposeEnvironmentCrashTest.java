package nl.sluis.server;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.sluis.testsupport.ComposeEnvironment;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.ServerProcess;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Durability and the docker compose configuration in one run: the server is started as a process with
 * exactly the environment docker/compose.yaml gives it (only the database host:port swapped for the
 * embedded PostgreSQL, and a free HTTP port; the JVM's command line adds the C1-only option tests use,
 * {@link ServerProcess#TEST_JVM_OPTIONS}), on an empty database. Concurrent writers create
 * resources; the server is killed with SIGKILL mid-way, restarted on the same database, and every
 * write that had been acknowledged (201/200) must be there.
 */
class ComposeEnvironmentCrashTest {

  private static final int WRITERS = 4;

  record Acknowledged(String type, String id, String marker) {}

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    Path project = ServerProcess.projectDir();
    Map<String, String> environment =
        ComposeEnvironment.ofSluisService(project.resolve("docker/compose.yaml"));
    EmbeddedPostgresDatabase.createDatabase("sluis_compose");
    environment.replaceAll((key, value) ->
        value.replace("//postgres:5432/sluis", "//localhost:" + EmbeddedPostgresDatabase.port() + "/sluis_compose"));
    assertThat(environment.get("SPRING_DATASOURCE_URL")).contains("localhost");
    // user.home is the build folder's test-home (pom.xml): builds side by side do not share the log
    Path log = Path.of(System.getProperty("user.home"), "sluis-crash-test-server.log");

    ServerProcess first = ServerProcess.start(ServerProcess.TEST_JVM_OPTIONS, environment, log);
    Duration coldStart = first.awaitReady(Duration.ofMinutes(3));
    ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.submit(() -> write(first.http().withToken(TestTokens.internalSystem()), writer, writing, acknowledged));
    }
    waitUntil(() -> acknowledged.size() >= 200, Duration.ofSeconds(60));
    first.kill();
    writing.set(false);
    writers.shutdown();
    assertThat(writers.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

    ServerProcess second = ServerProcess.start(ServerProcess.TEST_JVM_OPTIONS, environment, log);
    try {
      Duration restart = second.awaitReady(Duration.ofMinutes(3));
      System.out.printf("crash test: cold start %d ms, restart on existing database %d ms, %d acknowledged writes%n",
          coldStart.toMillis(), restart.toMillis(), acknowledged.size());
      // the dev profile gives psychiatrists (01.035) need-to-know
      FhirHttp http = second.http().withToken(TestTokens.internalProfessional("user/*.cruds"));
      List<Acknowledged> lost = acknowledged.stream()
          .filter(ack -> {
            HttpResponse<String> read = http.get("/fhir/" + ack.type() + "/" + ack.id());
            return read.statusCode() != 200 || !read.body().contains(ack.marker());
          })
          .toList();
      assertThat(lost).as("acknowledged writes missing after SIGKILL").isEmpty();
    } finally {
      second.stop();
    }
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
