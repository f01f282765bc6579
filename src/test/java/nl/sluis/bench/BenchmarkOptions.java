package nl.sluis.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link HttpBenchmark}. Every option has a default, so the harness runs with no
 * arguments; {@code --quick} switches to a small smoke run whose defaults can still be overridden.
 */
final class BenchmarkOptions {

  /** Clients of the generated organisation (issue 19's full data set: 10,000). */
  int dataClients = 10_000;
  /** At most this many entries per transaction bundle (the generator's bundles; the server allows 500). */
  int bundleSize = 500;
  int loaders = 3;
  /** Concurrent clients (closed-loop connections) while measuring. */
  int concurrency = 8;
  int seconds = 30;
  int warmupSeconds = 5;
  /** Before any measurement, every server runs every operation this long: no server is measured while still compiling. */
  int warmAllSeconds = 0;
  long seed = 20261128L;
  boolean synchronousCommit = true;
  /** Also start every configuration but the loader once on an empty database, to time its start-up. */
  boolean emptyStarts = true;
  /** How long a server may take to become ready; a loaded machine needs more than a quiet one. */
  java.time.Duration readyTimeout = java.time.Duration.ofMinutes(6);
  java.time.Duration backfillWait = java.time.Duration.ofMinutes(15);
  /** The operations to measure, in their declared order (default all). */
  List<BenchmarkOperation> operations = List.of(BenchmarkOperation.values());
  List<ServerConfiguration> configurations = new ArrayList<>();
  String baseline = "hapi-baseline";
  /** The configuration that starts on the empty database and loads the data set. */
  ServerConfiguration loadConfiguration;
  /** The documented server JVM settings (docker/compose.yaml). */
  List<String> serverJvm = List.of("-Xmx768m", "-XX:MaxMetaspaceSize=256m", "-XX:+ExitOnOutOfMemoryError");
  Path outputDir;
  boolean quick;

  static BenchmarkOptions parse(String[] args) {
    BenchmarkOptions options = new BenchmarkOptions();
    // --quick first, so that explicit options given with it still win.
    for (String arg : args) {
      if (arg.equals("--quick")) {
        options.quick = true;
        options.dataClients = 1_000;
        options.bundleSize = 250;
        options.seconds = 5;
        options.warmupSeconds = 2;
      }
    }
    String configs = ServerConfiguration.DEFAULT_CONFIGS;
    String load = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.isBlank() || arg.equals("--quick")) {
        continue;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println(usage());
        System.exit(0);
      }
      String name = arg;
      String value;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("Missing value for " + arg + "\n" + usage());
      }
      switch (name) {
        case "--clients" -> options.dataClients = positive(name, value);
        case "--patients", "--observations" -> throw new IllegalArgumentException(name + " is gone: the data set"
            + " is the generated organisation, sized by --clients N (concurrency is --concurrency N)\n" + usage());
        case "--bundle-size" -> options.bundleSize = positive(name, value);
        case "--loaders" -> options.loaders = positive(name, value);
        case "--concurrency" -> options.concurrency = positive(name, value);
        case "--seconds" -> options.seconds = positive(name, value);
        case "--warmup" -> options.warmupSeconds = Integer.parseInt(value);
        case "--warm-all" -> options.warmAllSeconds = Integer.parseInt(value);
        case "--seed" -> options.seed = Long.parseLong(value);
        case "--configs" -> configs = value;
        case "--baseline" -> options.baseline = value;
        case "--load-config" -> load = value;
        case "--server-jvm" -> options.serverJvm = List.of(value.trim().split("\\s+"));
        case "--synchronous-commit" -> options.synchronousCommit = !value.equals("off");
        case "--empty-starts" -> options.emptyStarts = !value.equals("off");
        case "--ready-timeout" -> options.readyTimeout = java.time.Duration.ofSeconds(positive(name, value));
        case "--backfill-wait" -> options.backfillWait = java.time.Duration.ofSeconds(positive(name, value));
        case "--out" -> options.outputDir = Path.of(value);
        case "--operations" -> options.operations = operations(value);
        default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + usage());
      }
    }
    if (options.dataClients > nl.sluis.dataset.DataSetSpec.MAX_CLIENTS) {
      throw new IllegalArgumentException("--clients must be at most " + nl.sluis.dataset.DataSetSpec.MAX_CLIENTS);
    }
    if (options.bundleSize < 50 || options.bundleSize > nl.sluis.dataset.DataSetSpec.MAX_BUNDLE_ENTRIES) {
      throw new IllegalArgumentException("--bundle-size must be 50.." + nl.sluis.dataset.DataSetSpec.MAX_BUNDLE_ENTRIES);
    }
    options.configurations = ServerConfiguration.parseList(configs);
    // Default loader: the first configuration (hapi-baseline by default: without write validation the load
    // takes minutes, not an hour; the generated resources are valid for the Sluis profiles all the same).
    String loadName = load != null ? load : options.configurations.get(0).name();
    options.loadConfiguration = options.configurations.stream().filter(c -> c.name().equals(loadName))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("--load-config " + loadName
            + " is not in --configs"));
    return options;
  }

  /** {@code read-patient-hot-set,search-patient-by-bsn}: enum names, any case, with - or _. */
  private static List<BenchmarkOperation> operations(String value) {
    List<BenchmarkOperation> chosen = new ArrayList<>();
    for (String name : value.split(",")) {
      chosen.add(BenchmarkOperation.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
    }
    return java.util.Arrays.stream(BenchmarkOperation.values()).filter(chosen::contains).toList();
  }

  private static int positive(String name, String value) {
    int number = Integer.parseInt(value.replace("_", ""));
    if (number <= 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return number;
  }

  static String usage() {
    return """
        HttpBenchmark options (all optional):
          --quick                 smoke run: 1,000 clients, bundles of 250, 2 s warm-up + 5 s per operation
          --configs LIST          server configurations, comma-separated (default %s);
                                  known: %s;
                                  custom: name:ENV_VAR=value;-Djvm.arg=x;@external  (';' separates items;
                                  @trusted / @external: who sends the reads and searches;
                                  @cp=FILE: run that server from the classpath in FILE, another build,
                                  e.g. before:@cp=/tmp/before.cp;@external — see docs/benchmarks.md;
                                  @own-data: that server loads the data set into its own database
                                  instead of starting on a copy of the loading configuration's)
          --baseline NAME         configuration the ratios divide by (default hapi-baseline)
          --load-config NAME      configuration that starts on the empty database and loads the data
                                  (default the first); every other one is also started once on an
                                  empty database of its own, to time its start-up
          --clients N             clients of the generated GGZ organisation (nl.sluis.dataset, as
                                  `generate`; default 10000, at most 100000), loaded with their
                                  records; plus 10 clients whose consent names another GP practice
          --bundle-size N         transaction bundle entries, 50..500 (default 500)
          --loaders N             bundles loaded in parallel (default 3)
          --concurrency N         concurrent clients while measuring (default 8)
          --seconds N             measured seconds per operation (default 30)
          --warmup N              warm-up seconds per operation (default 5)
          --warm-all N            before measuring anything, every server runs every operation N seconds
                                  (default 0): the first server measured is then not still compiling
          --operations LIST       only these operations, comma-separated enum names of BenchmarkOperation
                                  (e.g. read-patient-hot-set,search-patient-by-bsn; default all)
          --seed N                data set and request seed (default 20261128)
          --server-jvm "ARGS"     server JVM options (default -Xmx768m -XX:MaxMetaspaceSize=256m
                                  -XX:+ExitOnOutOfMemoryError, as docker/compose.yaml)
          --empty-starts on|off   time every configuration's start-up on an empty database (default on;
                                  the loader's is always timed)
          --ready-timeout S       seconds a server may take to become ready (default 360)
          --backfill-wait S       seconds to wait after start-up for the decision-input snapshot backfill of
                                  the loaded data before measuring (default 900)
          --synchronous-commit on|off   PostgreSQL synchronous_commit for the benchmark database (default on)
          --out DIR               where benchmark-results.md and server logs go (default the build dir)
        """.formatted(ServerConfiguration.DEFAULT_CONFIGS, String.join(", ", ServerConfiguration.knownNames()));
  }
}
