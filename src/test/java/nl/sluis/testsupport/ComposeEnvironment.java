package nl.sluis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The environment that {@code docker/compose.yaml} gives the sluis service. */
public final class ComposeEnvironment {

  private ComposeEnvironment() {}

  @SuppressWarnings("unchecked")
  public static Map<String, String> ofSluisService(Path composeFile) throws IOException {
    try (InputStream in = Files.newInputStream(composeFile)) {
      Map<String, Object> compose = new Yaml().load(in);
      Map<String, Object> services = (Map<String, Object>) compose.get("services");
      Map<String, Object> sluis = (Map<String, Object>) services.get("sluis");
      Map<String, Object> environment = (Map<String, Object>) sluis.get("environment");
      Map<String, String> result = new LinkedHashMap<>();
      environment.forEach((key, value) -> result.put(key, interpolated(String.valueOf(value))));
      return result;
    }
  }

  private static final java.util.regex.Pattern VARIABLE =
      java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)}");

  /** {@code ${NAME:-default}} as docker compose reads it: the variable when set and not empty, else the default. */
  static String interpolated(String value) {
    return VARIABLE.matcher(value).replaceAll(match -> {
      String set = System.getenv(match.group(1));
      return java.util.regex.Matcher.quoteReplacement(set == null || set.isEmpty() ? match.group(2) : set);
    });
  }
}
