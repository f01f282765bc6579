package nl.sluis.audit;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.ServerProcess;
import nl.sluis.testsupport.TestJwks;
import nl.sluis.testsupport.TestTokens;

/**
 * A rough figure, not a benchmark (the harness belongs to nl.sluis.bench): external read-by-id
 * throughput with the audit trail on and off ({@code sluis.audit.enabled}), each on its own server
 * process and database, one after the other. Run with the test classpath:
 * {@code java -cp target/test-classes:target/classes:<deps> nl.sluis.audit.AuditOverheadMeasurement [seconds] [threads]}.
 */
public final class AuditOverheadMeasurement {

  private AuditOverheadMeasurement() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    double off = run(false, seconds, threads);
    double on = run(true, seconds, threads);
    System.out.printf("external read-by-id, %d threads, %d s each: audit off %.0f/s, audit on %.0f/s, ratio %.2f%n",
        threads, seconds, off, on, on / off);
    System.exit(0);
  }

  private static double run(boolean audit, int seconds, int threads) throws Exception {
    String database = "sluis_audit_overhead_" + (audit ? "on" : "off");
    Map<String, String> environment = new HashMap<>(Map.of(
        "SPRING_PROFILES_ACTIVE", "dev",
        "SPRING_DATASOURCE_URL", EmbeddedPostgresDatabase.createDatabase(database),
        "SPRING_DATASOURCE_USERNAME", EmbeddedPostgresDatabase.USER,
        "SPRING_DATASOURCE_PASSWORD", EmbeddedPostgresDatabase.PASSWORD,
        "SLUIS_SECURITY_JWKS_FILE", "file:" + TestJwks.FILE,
        "SLUIS_DISCLOSURE_TRUSTED_INTERNAL_SYSTEMS", TestTokens.TRUSTED_SYSTEM,
        "SLUIS_AUDIT_ENABLED", Boolean.toString(audit),
        "JAVA_TOOL_OPTIONS", "-Xmx768m -XX:MaxMetaspaceSize=256m"));
    ServerProcess server = ServerProcess.start(environment, Path.of(System.getProperty("java.io.tmpdir"),
        "sluis-audit-overhead-" + audit + ".log"));
    try {
      server.awaitReady(Duration.ofMinutes(5));
      FhirHttp system = server.http().withToken(TestTokens.internalSystem());
      AuditFixture fixture = new AuditFixture(system, "999911144");
      fixture.grantGpObservations();
      FhirHttp gp = AuditFixture.gp(server.http());
      String path = "/fhir/Observation/" + fixture.sharedObservation;
      for (int i = 0; i < 200; i++) { // warm-up
        expectOk(gp.get(path));
      }
      AtomicInteger done = new AtomicInteger();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      for (int t = 0; t < threads; t++) {
        pool.submit(() -> {
          while (System.nanoTime() < end) {
            expectOk(gp.get(path));
            done.incrementAndGet();
          }
        });
      }
      pool.shutdown();
      pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
      double rate = done.get() / (double) seconds;
      System.out.printf("audit %s: %d reads in %d s = %.0f/s%n", audit ? "on" : "off", done.get(), seconds, rate);
      return rate;
    } finally {
      server.stop();
    }
  }

  private static void expectOk(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
  }
}
