package nl.sluis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Collects the figures of one benchmark run and renders them as Markdown (console and file alike). */
final class ResultsReport {

  /** Issue 2's targets. 1.5 GB is taken as 1.5e9 bytes (the stricter reading). */
  static final double STARTUP_EMPTY_TARGET_S = 40;
  static final double RESTART_TARGET_S = 30;
  static final long PEAK_RSS_TARGET_BYTES = 1_500_000_000L;
  static final double THROUGHPUT_RATIO_TARGET = 0.95;
  /** Issue 6: read and search throughput with disclosure checks on / off ≥ 0.90 (aim 0.95). */
  static final double DISCLOSURE_RATIO_TARGET = 0.90;
  static final double DISCLOSURE_RATIO_AIM = 0.95;
  /** Issue 3: token verification adds ≤ 0.5 ms median per request. */
  static final double TOKEN_ADDED_MEDIAN_TARGET_MS = 0.5;
  /** The configurations whose pairs isolate one layer, when they are in the run. */
  static final String AUTH_ONLY = "auth-only";
  static final String EXTERNAL = "sluis-external";
  /** {@code X-before} is X's build before a change: the report adds the ratio X / X-before. */
  static final String BEFORE_SUFFIX = "-before";

  /** Everything measured for one server configuration. */
  static final class ConfigurationRun {
    final ServerConfiguration configuration;
    Duration startupEmpty;
    Duration restart;
    long peakRssBytes = -1;
    long loadPeakRssBytes = -1;
    /** Its own load of the data set ({@code @own-data}), else null: it started on a copy of the first one's. */
    nl.sluis.dataset.LoadReport ownLoad;
    final Map<BenchmarkOperation, LatencyRecorder.Summary> summaries = new EnumMap<>(BenchmarkOperation.class);
    final Map<BenchmarkOperation, Double> cpuMillisPerRequest = new EnumMap<>(BenchmarkOperation.class);
    /** The part of it the JIT compiler threads used (code still being compiled, not a request's steady cost). */
    final Map<BenchmarkOperation, Double> jitMillisPerRequest = new EnumMap<>(BenchmarkOperation.class);
    /** CPU of the PostgreSQL server (all databases; the other configurations are idle meanwhile). */
    final Map<BenchmarkOperation, Double> databaseMillisPerRequest = new EnumMap<>(BenchmarkOperation.class);
    final List<String> notes = new ArrayList<>();
    /** What the check before measuring confirmed. */
    String verification;

    ConfigurationRun(ServerConfiguration configuration) {
      this.configuration = configuration;
    }
  }

  final BenchmarkOptions options;
  final String started;
  final String machine;
  Duration postgresStart;
  ServerConfiguration startupConfiguration;
  Duration startupEmpty;
  nl.sluis.dataset.LoadReport load;
  BenchDataSet dataSet;
  long loadPeakRssBytes = -1;
  String databaseSize = "?";
  Duration databaseCopy;
  final List<ConfigurationRun> runs = new ArrayList<>();
  /** 1-minute load average at the start of every measurement: how busy the machine was. */
  final List<String> loadAverages = new ArrayList<>();

  ResultsReport(BenchmarkOptions options, String started, String machine) {
    this.options = options;
    this.started = started;
    this.machine = machine;
  }

  Optional<ConfigurationRun> baseline() {
    return runs.stream().filter(run -> run.configuration.name().equals(options.baseline)).findFirst();
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Sluis benchmark results\n\n");
    md.append("- Run started: ").append(started).append('\n');
    md.append("- Machine: ").append(machine).append('\n');
    md.append("- Load generator and server share this machine's cores (closed loop, ")
        .append(options.concurrency).append(" concurrent clients).\n");
    md.append("- Server JVM: `").append(String.join(" ", options.serverJvm)).append("`\n");
    md.append("- PostgreSQL 17 (embedded, zonky), synchronous_commit=")
        .append(options.synchronousCommit ? "on" : "off").append(", started in ")
        .append(seconds(postgresStart)).append('\n');
    md.append("- Every server: `").append(HttpBenchmark.commonEnvironment())
        .append("`; every request carries a dev-key bearer token (ES256, minted once per run); creates are sent as ")
        .append("the trusted internal system in every configuration (external writes are refused by design)\n");
    for (ConfigurationRun run : runs) {
      md.append("- Configuration `").append(run.configuration.name()).append("`: ")
          .append(run.configuration.describe());
      if (run.verification != null) {
        md.append("; ").append(run.verification);
      }
      md.append('\n');
    }
    md.append("- Measured ").append(options.seconds).append(" s per operation and configuration after ")
        .append(options.warmupSeconds).append(" s warm-up")
        .append(options.warmAllSeconds > 0 ? " (every server first ran every operation " + options.warmAllSeconds + " s)" : "")
        .append(", configurations side by side and interleaved; seed ")
        .append(options.seed).append('\n');
    if (!loadAverages.isEmpty()) {
      md.append("- 1-minute load average at the start of each measurement: ")
          .append(String.join(", ", loadAverages)).append('\n');
    }
    if (dataSet != null) {
      md.append(String.format(Locale.ROOT, "- Data set: the generated GGZ organisation (`nl.sluis.dataset`, as "
              + "`generate --clients %d --seed %d`, as of %s; own URA %s, the clients' consents name the GP practice "
              + "URA %s): %,d clients (consents: %s) plus %d clients whose consent names another GP practice "
              + "(URA %s, seed +%,d); %,d resources: %s\n",
          dataSet.spec.clients(), dataSet.spec.seed(), dataSet.spec.asOf(), dataSet.spec.ura(),
          dataSet.spec.recipientUra(), dataSet.spec.clients(), rules(), dataSet.otherPracticeSpec.clients(),
          BenchDataSet.OTHER_PRACTICE_URA, BenchDataSet.OTHER_PRACTICE_SEED_OFFSET, dataSet.resources(),
          types()));
      md.append(String.format(Locale.ROOT, "- Measured clients: the %,d whose consent lets the external requester "
              + "read their Patient and Observations for TREAT on %s (by the WGBO rule for their age that day; %,d "
              + "others' consent does not hold that day); the client without consent of the configuration check is one of the "
              + "other practice's\n",
          dataSet.consented.size(), dataSet.day, dataSet.notConsentedToday.size()));
    }
    if (load != null) {
      md.append(String.format(Locale.ROOT, "- Load: %,d of %,d entries stored in %s = **%.0f resources/s** "
              + "(%,d transaction bundles of at most %d entries, PUT with fixed ids, %d concurrent loaders, "
              + "%d retried requests); database size %s; copied per configuration in %s\n",
          load.stored(), load.entries(), seconds(load.duration()), load.entriesPerSecond(), load.files(),
          options.bundleSize, options.loaders, load.retries(), databaseSize, seconds(databaseCopy)));
    }
    for (ConfigurationRun run : runs) {
      if (run.ownLoad != null) {
        md.append(String.format(Locale.ROOT, "- `%s` loaded the same bundles into its own database: %,d of %,d entries "
                + "in %s = %.0f resources/s, %d retried requests\n", run.configuration.name(), run.ownLoad.stored(),
            run.ownLoad.entries(), seconds(run.ownLoad.duration()), run.ownLoad.entriesPerSecond(),
            run.ownLoad.retries()));
      }
    }
    md.append('\n');
    serverTable(md);
    throughputTable(md);
    latencyTable(md);
    errorTable(md);
    tokenTable(md);
    for (ConfigurationRun run : runs) {
      for (String note : run.notes) {
        md.append("- `").append(run.configuration.name()).append("`: ").append(note).append('\n');
      }
    }
    return md.toString().replaceAll("(?m) +$", "");
  }

  private String rules() {
    List<String> parts = new ArrayList<>();
    dataSet.clientsByRule.forEach((rule, count) -> parts.add(String.format(Locale.ROOT, "%,d %s", count,
        switch (rule) {
          case PARENTS -> "by the parents (under 12)";
          case CLIENT_AND_PARENTS -> "by client and parents (12-15)";
          case CLIENT -> "by the client (16+)";
        })));
    return String.join(", ", parts);
  }

  private String types() {
    List<String> parts = new ArrayList<>();
    dataSet.resourcesByType.forEach((type, count) -> parts.add(String.format(Locale.ROOT, "%,d %s", count, type)));
    return String.join(", ", parts);
  }

  private void serverTable(StringBuilder md) {
    md.append("## Server\n\n| | ");
    runs.forEach(run -> md.append('`').append(run.configuration.name()).append("` | "));
    md.append("target |\n|---|");
    runs.forEach(run -> md.append("---:|"));
    md.append("---|\n| start-up to ready, empty database | ");
    double worstStartup = Double.NaN;
    for (ConfigurationRun run : runs) {
      md.append(seconds(run.startupEmpty)).append(" | ");
      if (run.startupEmpty != null) {
        worstStartup = Double.isNaN(worstStartup) ? run.startupEmpty.toMillis() / 1000.0
            : Math.max(worstStartup, run.startupEmpty.toMillis() / 1000.0);
      }
    }
    md.append("≤ 40 s ").append(verdict(worstStartup, STARTUP_EMPTY_TARGET_S)).append(" |\n");
    md.append("| restart on the loaded database | ");
    double worstRestart = Double.NaN;
    for (ConfigurationRun run : runs) {
      md.append(run.restart == null ? "–" : seconds(run.restart)).append(" | ");
      if (run.restart != null) {
        worstRestart = Double.isNaN(worstRestart) ? run.restart.toMillis() / 1000.0
            : Math.max(worstRestart, run.restart.toMillis() / 1000.0);
      }
    }
    md.append("≤ 30 s ").append(verdict(worstRestart, RESTART_TARGET_S)).append(" |\n");
    md.append("| peak RSS (VmHWM) under benchmark load | ");
    long worstRss = -1;
    for (ConfigurationRun run : runs) {
      md.append(mib(run.peakRssBytes)).append(" | ");
      worstRss = Math.max(worstRss, run.peakRssBytes);
    }
    md.append("≤ 1.5 GB ").append(verdict(worstRss < 0 ? Double.NaN : worstRss, PEAK_RSS_TARGET_BYTES))
        .append(" |\n");
    if (loadPeakRssBytes >= 0) {
      md.append("| peak RSS while loading the data set | ");
      for (ConfigurationRun run : runs) {
        md.append(run.loadPeakRssBytes >= 0 ? mib(run.loadPeakRssBytes) : "–").append(" | ");
      }
      md.append(" |\n");
    }
    md.append('\n');
  }

  /** A ratio column: numerator / denominator configuration, with the target it is judged against. */
  private record Comparison(ConfigurationRun numerator, ConfigurationRun denominator, double target, double aim) {
    String title() {
      return numerator.configuration.name() + " / " + denominator.configuration.name();
    }
  }

  private Optional<ConfigurationRun> named(String name) {
    return runs.stream().filter(run -> run.configuration.name().equals(name)).findFirst();
  }

  /** Every configuration against the baseline (issue 2), and the disclosure checks alone (issue 6). */
  private List<Comparison> comparisons() {
    List<Comparison> comparisons = new ArrayList<>();
    baseline().ifPresent(base -> runs.stream().filter(run -> run != base)
        .forEach(run -> comparisons.add(new Comparison(run, base, THROUGHPUT_RATIO_TARGET, Double.NaN))));
    Optional<ConfigurationRun> external = named(EXTERNAL);
    Optional<ConfigurationRun> authOnly = named(AUTH_ONLY);
    if (external.isPresent() && authOnly.isPresent() && !baseline().equals(authOnly)) {
      comparisons.add(new Comparison(external.get(), authOnly.get(), DISCLOSURE_RATIO_TARGET, DISCLOSURE_RATIO_AIM));
    }
    // a build against the build before it (X and X-before, the latter usually run with @cp=FILE)
    for (ConfigurationRun before : runs) {
      String name = before.configuration.name();
      if (name.endsWith(BEFORE_SUFFIX)) {
        named(name.substring(0, name.length() - BEFORE_SUFFIX.length())).ifPresent(after -> comparisons.add(
            new Comparison(after, before, THROUGHPUT_RATIO_TARGET, Double.NaN)));
      }
    }
    return comparisons;
  }

  private void throughputTable(StringBuilder md) {
    List<Comparison> compared = comparisons();
    md.append("## Throughput (successful requests/s)\n\n");
    md.append("Ratios: throughput of the first configuration / the second. Targets for reads and searches: "
        + "every configuration / `" + options.baseline + "` ≥ 0.95 (issue 2); `" + EXTERNAL + "` / `" + AUTH_ONLY
        + "` = disclosure checks on / off ≥ 0.90, aim 0.95 (issue 6). Creates have no target.\n\n| operation | ");
    runs.forEach(run -> md.append('`').append(run.configuration.name()).append("` | "));
    compared.forEach(comparison -> md.append(comparison.title()).append(" | "));
    md.append("\n|---|");
    runs.forEach(run -> md.append("---:|"));
    compared.forEach(run -> md.append("---:|"));
    md.append('\n');
    for (BenchmarkOperation operation : BenchmarkOperation.values()) {
      md.append("| ").append(operation.label()).append(" | ");
      for (ConfigurationRun run : runs) {
        LatencyRecorder.Summary summary = run.summaries.get(operation);
        md.append(summary == null ? "–" : String.format(Locale.ROOT, "%.1f", summary.throughput())).append(" | ");
      }
      for (Comparison comparison : compared) {
        LatencyRecorder.Summary mine = comparison.numerator().summaries.get(operation);
        LatencyRecorder.Summary base = comparison.denominator().summaries.get(operation);
        if (mine == null || base == null || base.throughput() == 0) {
          md.append("– | ");
        } else {
          double ratio = mine.throughput() / base.throughput();
          md.append(String.format(Locale.ROOT, "%.3f", ratio));
          if (operation != BenchmarkOperation.CREATE_OBSERVATION) {
            md.append(ratio >= comparison.target() ? " (met" : " (**missed**");
            if (!Double.isNaN(comparison.aim()) && ratio >= comparison.target()) {
              md.append(ratio >= comparison.aim() ? ", aim met" : ", aim missed");
            }
            md.append(')');
          }
          md.append(" | ");
        }
      }
      md.append('\n');
    }
    md.append('\n');
  }

  /**
   * Issue 3: what token verification adds per request, `auth-only` against the baseline: the difference
   * in median latency (with one client: no queueing; with N clients it includes queueing behind other
   * requests on the shared cores) and in server CPU per request.
   */
  private void tokenTable(StringBuilder md) {
    Optional<ConfigurationRun> authOnly = named(AUTH_ONLY);
    Optional<ConfigurationRun> base = baseline();
    if (authOnly.isEmpty() || base.isEmpty() || authOnly.equals(base)) {
      return;
    }
    md.append("## Token verification: `").append(AUTH_ONLY).append("` minus `").append(options.baseline)
        .append("` (target ≤ 0.5 ms median added per request)\n\n");
    md.append("| operation | added p50 ms | added server CPU ms/req |\n|---|---:|---:|\n");
    for (BenchmarkOperation operation : BenchmarkOperation.values()) {
      LatencyRecorder.Summary mine = authOnly.get().summaries.get(operation);
      LatencyRecorder.Summary theirs = base.get().summaries.get(operation);
      Double cpuMine = authOnly.get().cpuMillisPerRequest.get(operation);
      Double cpuTheirs = base.get().cpuMillisPerRequest.get(operation);
      if (mine == null || theirs == null) {
        continue;
      }
      double added = mine.p50Millis() - theirs.p50Millis();
      md.append("| ").append(operation.label()).append(" | ")
          .append(String.format(Locale.ROOT, "%+.2f", added));
      if (operation == BenchmarkOperation.READ_PATIENT_ONE_CLIENT) {
        md.append(added <= TOKEN_ADDED_MEDIAN_TARGET_MS ? " (met)" : " (**missed**)");
      }
      md.append(" | ").append(cpuMine == null || cpuTheirs == null || cpuMine < 0 || cpuTheirs < 0 ? "–"
          : String.format(Locale.ROOT, "%+.2f", cpuMine - cpuTheirs)).append(" |\n");
    }
    md.append("\nThe verdict is on the one-client read (no queueing). `").append(AUTH_ONLY)
        .append("` also has Sluis's other interceptors on (scopes, requester context, write validation for "
            + "creates), so these differences are an upper bound for token verification alone.\n\n");
  }

  private void latencyTable(StringBuilder md) {
    md.append("## Latency of successful requests, ms: p50 / p95 / p99 (max)\n\n| operation | ");
    runs.forEach(run -> md.append('`').append(run.configuration.name()).append("` | "));
    md.append("\n|---|");
    runs.forEach(run -> md.append("---:|"));
    md.append('\n');
    for (BenchmarkOperation operation : BenchmarkOperation.values()) {
      md.append("| ").append(operation.label()).append(" | ");
      for (ConfigurationRun run : runs) {
        LatencyRecorder.Summary s = run.summaries.get(operation);
        md.append(s == null ? "–" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f (%.0f)",
            s.p50Millis(), s.p95Millis(), s.p99Millis(), s.maxMillis())).append(" | ");
      }
      md.append('\n');
    }
    md.append('\n');
  }

  private static String database(ConfigurationRun run, BenchmarkOperation operation) {
    Double database = run.databaseMillisPerRequest.get(operation);
    return database == null || database < 0 ? "" : String.format(Locale.ROOT, ", PostgreSQL %.2f", database);
  }

  private void errorTable(StringBuilder md) {
    md.append("## Errors (non-2xx or no answer) and CPU per request: the server (of it the JIT compiler threads) and PostgreSQL\n\n| operation | ");
    runs.forEach(run -> md.append('`').append(run.configuration.name()).append("` errors | "));
    runs.forEach(run -> md.append('`').append(run.configuration.name()).append("` CPU ms/req | "));
    md.append("\n|---|");
    runs.forEach(run -> md.append("---:|---:|"));
    md.append('\n');
    for (BenchmarkOperation operation : BenchmarkOperation.values()) {
      md.append("| ").append(operation.label()).append(" | ");
      for (ConfigurationRun run : runs) {
        LatencyRecorder.Summary s = run.summaries.get(operation);
        md.append(s == null ? "–" : s.errorText()).append(" | ");
      }
      for (ConfigurationRun run : runs) {
        Double cpu = run.cpuMillisPerRequest.get(operation);
        Double jit = run.jitMillisPerRequest.get(operation);
        md.append(cpu == null || cpu < 0 ? "–" : String.format(Locale.ROOT, "%.2f", cpu))
            .append(jit == null || jit < 0 ? "" : String.format(Locale.ROOT, " (JIT %.2f)", jit))
            .append(database(run, operation)).append(" | ");
      }
      md.append('\n');
    }
    md.append('\n');
  }

  private static String verdict(double value, double limit) {
    if (Double.isNaN(value)) {
      return "(not measured)";
    }
    return value <= limit ? "(met)" : "(**missed**)";
  }

  static String seconds(Duration duration) {
    return duration == null ? "–" : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  static String mib(long bytes) {
    return bytes < 0 ? "–" : String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
  }
}
