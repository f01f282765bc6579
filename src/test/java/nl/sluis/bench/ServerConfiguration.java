package nl.sluis.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server configuration under test: a name plus extra environment variables and JVM arguments. Later
 * switches (authentication, disclosure, audit) become new entries in {@link #KNOWN} or are given on the
 * command line as {@code name:ENV=value;-Dprop=value}.
 */
record ServerConfiguration(String name, Map<String, String> environment, List<String> jvmArgs) {

  private static final Map<String, ServerConfiguration> KNOWN = new LinkedHashMap<>();

  static {
    known("sluis", Map.of());
    // Plain HAPI: none of Sluis's own FHIR interceptors (the baseline of issue 2's throughput target).
    known("hapi-baseline", Map.of("SLUIS_INTERCEPTORS_ENABLED", "false"));
  }

  private static void known(String name, Map<String, String> environment) {
    KNOWN.put(name, new ServerConfiguration(name, environment, List.of()));
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

  /** {@code name} or {@code name:ENV=value;-jvmArg;...}; a known name is extended by the items. */
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
    if (colon >= 0) {
      for (String item : spec.substring(colon + 1).split(";")) {
        if (item.isBlank()) {
          continue;
        }
        if (item.startsWith("-")) {
          jvmArgs.add(item);
        } else if (item.indexOf('=') > 0) {
          environment.put(item.substring(0, item.indexOf('=')), item.substring(item.indexOf('=') + 1));
        } else {
          throw new IllegalArgumentException("Not ENV=value or -jvmArg: " + item);
        }
      }
    }
    return new ServerConfiguration(name, java.util.Collections.unmodifiableMap(environment), List.copyOf(jvmArgs));
  }

  String describe() {
    List<String> parts = new ArrayList<>();
    environment.forEach((key, value) -> parts.add(key + "=" + value));
    parts.addAll(jvmArgs);
    return parts.isEmpty() ? "defaults" : String.join(" ", parts);
  }
}
