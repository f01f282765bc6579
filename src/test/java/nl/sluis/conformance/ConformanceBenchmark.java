package nl.sluis.conformance;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.ServerProcess;
import nl.sluis.testsupport.TestTokens;

/**
 * Not a test: what validation costs, measured in one run on one empty embedded PostgreSQL database.
 * <ol>
 *   <li>first start (installs the packages, warms the chain);</li>
 *   <li>second start on the same database (packages unchanged, so not installed again): creates with validation;</li>
 *   <li>a start with all conformance work off ({@code validate-writes}, {@code install-packages}, {@code warm-up}
 *       false): creates without validation, and the start-up baseline.</li>
 * </ol>
 * Creates are sequential (one client), Patients (governed: sluis-Patient) and Observations (base R4, LOINC code
 * that cannot be checked offline). Run:
 * {@code mvn -o -Pbench test-compile exec:exec -Dbench.main=nl.sluis.conformance.ConformanceBenchmark
 * -Dbench.args=300}
 */
public final class ConformanceBenchmark {

  private ConformanceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int creates = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    String database = "sluis_conformance_bench";
    String url = EmbeddedPostgresDatabase.createDatabase(database);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPRING_PROFILES_ACTIVE", "dev");
    env.put("SPRING_DATASOURCE_URL", url);
    env.put("SPRING_DATASOURCE_USERNAME", EmbeddedPostgresDatabase.USER);
    env.put("SPRING_DATASOURCE_PASSWORD", EmbeddedPostgresDatabase.PASSWORD);
    env.put("SLUIS_DISCLOSURE_TRUSTED_INTERNAL_SYSTEMS", TestTokens.TRUSTED_SYSTEM);
    env.put("JAVA_TOOL_OPTIONS", "-Xmx768m -XX:MaxMetaspaceSize=256m");
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "sluis-conformance-bench.log");

    Duration first = startAndStop(env, log);
    Map<String, String> offEnv = new LinkedHashMap<>(env);
    offEnv.put("SLUIS_CONFORMANCE_VALIDATE_WRITES", "false");
    offEnv.put("SLUIS_CONFORMANCE_INSTALL_PACKAGES", "false");
    offEnv.put("SLUIS_CONFORMANCE_WARM_UP", "false");

    ServerProcess validated = ServerProcess.start(env, log);
    Duration second = validated.awaitReady(Duration.ofMinutes(5));
    double[] on = run(validated, creates);
    validated.stop();

    ServerProcess plain = ServerProcess.start(offEnv, log);
    Duration baseline = plain.awaitReady(Duration.ofMinutes(5));
    double[] off = run(plain, creates);
    plain.stop();

    System.out.printf("%nstart-up: first (empty database, install + warm-up) %.1f s; second (installed, warm-up) %.1f s;"
        + " without conformance work %.1f s; second minus baseline %.1f s%n",
        secs(first), secs(second), secs(baseline), secs(second) - secs(baseline));
    System.out.printf("Patient creates/s: validated %.1f, unvalidated %.1f, ratio %.2f%n", on[0], off[0], on[0] / off[0]);
    System.out.printf("Observation creates/s: validated %.1f, unvalidated %.1f, ratio %.2f%n", on[1], off[1],
        on[1] / off[1]);
    System.out.println("server log: " + log);
    System.exit(0);
  }

  private static Duration startAndStop(Map<String, String> env, Path log) throws Exception {
    ServerProcess server = ServerProcess.start(env, log);
    Duration ready = server.awaitReady(Duration.ofMinutes(5));
    server.stop();
    return ready;
  }

  /** Creates/s for Patients and Observations, after a warm-up of 50 of each (JIT, connection pool). */
  private static double[] run(ServerProcess server, int n) {
    FhirHttp http = server.http().withToken(TestTokens.internalSystem());
    String patientId = FhirHttp.idFromLocation(check(http.post("/fhir/Patient", FHIR_JSON, patient(0))));
    loop(http, 50, i -> patient(i), "/fhir/Patient");
    loop(http, 50, i -> observation(patientId, i), "/fhir/Observation");
    double patients = loop(http, n, i -> patient(i), "/fhir/Patient");
    double observations = loop(http, n, i -> observation(patientId, i), "/fhir/Observation");
    return new double[] {patients, observations};
  }

  private static double loop(FhirHttp http, int n, java.util.function.IntFunction<String> body, String path) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      check(http.post(path, FHIR_JSON, body.apply(i)));
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static HttpResponse<String> check(HttpResponse<String> response) {
    if (response.statusCode() != 201) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return response;
  }

  static String patient(int i) {
    return "{\"resourceType\":\"Patient\",\"name\":[{\"use\":\"official\",\"family\":\"Bench" + i + "\"}],"
        + "\"gender\":\"female\",\"birthDate\":\"2009-05-17\"}";
  }

  static String observation(String patientId, int i) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
        + "\"http://loinc.org\",\"code\":\"8867-4\",\"display\":\"Heart rate\"}]},\"subject\":{\"reference\":"
        + "\"Patient/" + patientId + "\"},\"effectiveDateTime\":\"2026-11-01T10:00:00+01:00\",\"valueQuantity\":"
        + "{\"value\":" + (60 + i % 40) + ",\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}}";
  }

  private static double secs(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
