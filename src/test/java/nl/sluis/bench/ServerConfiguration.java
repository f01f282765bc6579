package nl.sluis.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server configuration under test: a name, extra environment variables and JVM arguments, and the
 * requester its read and search requests are sent as ({@link BenchTokens.Requester}). Every server also
 * gets the harness's common environment (dev profile, the loader as trusted internal system, see
 * {@link HttpBenchmark}); a configuration's own variables win. Further switches become new entries in
 * {@link #KNOWN} or are given on the command line as {@code name:ENV=value;-Dprop=value;@external}.
 */
record ServerConfiguration(String name, Map<String, String> environment, List<String> jvmArgs,
    BenchTokens.Requester requester, Path classpathFile, boolean ownData) {

  private static final Map<String, ServerConfiguration> KNOWN = new LinkedHashMap<>();

  static {
    // Plain HAPI: none of Sluis's own FHIR interceptors, no token checks, no disclosure decisions, no write
    // validation (the baseline of issue 2's throughput target). Requests still carry a token; it is ignored.
    known("hapi-baseline", Map.of(
        "SLUIS_INTERCEPTORS_ENABLED", "false",
        "SLUIS_SECURITY_ENABLED", "false",
        "SLUIS_DISCLOSURE_ENABLED", "false",
        "SLUIS_CONFORMANCE_VALIDATE_WRITES", "false",
        // Redundant (the audit interceptor is one of Sluis's interceptors), but says what the baseline is.
        "SLUIS_AUDIT_ENABLED", "false"), BenchTokens.Requester.TRUSTED);
    // Everything on, but requests come from a trusted internal system: tokens are verified and scopes
    // checked, disclosure decisions are skipped (issue 3's "with authentication").
    known("auth-only", Map.of(), BenchTokens.Requester.TRUSTED);
    // Everything on; reads and searches come from the external organisation with the clients' consent:
    // every returned resource passes a disclosure decision (issue 6's "disclosure checks on").
    known("sluis-external", Map.of(), BenchTokens.Requester.EXTERNAL);
    // The same without the disclosure audit trail (one hash-chained AuditEvent per client and outcome,
    // written before the response): separates the cost of the decisions from the cost of recording them.
    known("sluis-external-noaudit", Map.of("SLUIS_AUDIT_ENABLED", "false"), BenchTokens.Requester.EXTERNAL);
  }

  static final String DEFAULT_CONFIGS = "hapi-baseline,auth-only,sluis-external";

  private static void known(String name, Map<String, String> environment, BenchTokens.Requester requester) {
    KNOWN.put(name, new ServerConfiguration(name, environment, List.of(), requester, null, false));
  }

  static List<String> knownNames() {
    return List.copyOf(KNOWN.keySet());
  }

  static List<ServerConfiguration> parseList(String list) {
    List<ServerConfiguration> result = new ArrayList<>();
    for (String spec : list.split(",")) {
      if (!spec.isBlank()) {
        ServerConfiguration configuration = parse(spec.trim());
        if (result.stream().anyMatch(c -> c.name().equals(configuration.name()))) {
          throw new IllegalArgumentException("Configuration listed twice: " + configuration.name());
        }
        result.add(configuration);
      }
    }
    if (result.isEmpty()) {
      throw new IllegalArgumentException("--configs names no configuration");
    }
    return result;
  }

  /**
   * {@code name} or {@code name:ENV=value;-jvmArg;@external;...}; a known name is extended by the items.
   * {@code @trusted} / {@code @external} choose the requester of reads and searches (default: the known
   * configuration's, else trusted). {@code @cp=FILE} runs the server from the classpath in FILE (another build
   * of Sluis, e.g. {@code A:@cp=/tmp/before.cp}), so a change is compared with the build before it in one run.
   * {@code @own-data}: the configuration loads the data set into a database of its own instead of starting on a
   * copy of the first configuration's (for an earlier build that cannot read what a later build stored).
   */
  static ServerConfiguration parse(String spec) {
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("Configuration name must be [A-Za-z0-9_-]+: " + name);
    }
    ServerConfiguration base = KNOWN.get(name);
    if (base == null && colon < 0) {
      throw new IllegalArgumentException("Unknown configuration " + name + "; known: " + knownNames()
          + " (or define one as name:ENV=value;-jvmArg)");
    }
    Map<String, String> environment = new LinkedHashMap<>(base == null ? Map.of() : base.environment());
    List<String> jvmArgs = new ArrayList<>(base == null ? List.of() : base.jvmArgs());
    BenchTokens.Requester requester = base == null ? BenchTokens.Requester.TRUSTED : base.requester();
    Path classpathFile = null;
    boolean ownData = false;
    if (colon >= 0) {
      for (String item : spec.substring(colon + 1).split(";")) {
        if (item.isBlank()) {
          continue;
        }
        if (item.equals("@trusted") || item.equals("@external")) {
          requester = BenchTokens.Requester.valueOf(item.substring(1).toUpperCase(java.util.Locale.ROOT));
        } else if (item.equals("@own-data")) {
          ownData = true;
        } else if (item.startsWith("@cp=")) {
          classpathFile = Path.of(item.substring(4));
          if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalArgumentException("No classpath file " + classpathFile);
          }
        } else if (item.startsWith("-")) {
          jvmArgs.add(item);
        } else if (item.indexOf('=') > 0) {
          environment.put(item.substring(0, item.indexOf('=')), item.substring(item.indexOf('=') + 1));
        } else {
          throw new IllegalArgumentException("Not ENV=value, -jvmArg, @trusted, @external, @cp=FILE or @own-data: "
              + item);
        }
      }
    }
    return new ServerConfiguration(name, java.util.Collections.unmodifiableMap(environment), List.copyOf(jvmArgs),
        requester, classpathFile, ownData);
  }

  String describe() {
    List<String> parts = new ArrayList<>();
    environment.forEach((key, value) -> parts.add(key + "=" + value));
    parts.addAll(jvmArgs);
    if (classpathFile != null) {
      parts.add("classpath from " + classpathFile);
    }
    if (ownData) {
      parts.add("data set loaded into its own database");
    }
    return (parts.isEmpty() ? "defaults" : String.join(" ", parts)) + "; reads and searches as "
        + requester.description();
  }
}
