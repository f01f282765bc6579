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
      environment.forEach((key, value) -> result.put(key, String.valueOf(value)));
      return result;
    }
  }
}
