package nl.sluis.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The compose file's environment as docker compose reads it, variables with defaults included. */
class ComposeEnvironmentTest {

  @Test
  void aVariableWithADefault() {
    assertThat(ComposeEnvironment.interpolated("${SLUIS_TEST_SURELY_UNSET_123:-http://localhost:8080/fhir}"))
        .isEqualTo("http://localhost:8080/fhir");
    assertThat(ComposeEnvironment.interpolated("${HOME:-/nowhere}")).isEqualTo(System.getenv("HOME"));
    assertThat(ComposeEnvironment.interpolated("plain")).isEqualTo("plain");
  }

  @Test
  void bothNodesNameOneAddress() throws Exception {
    assertThat(ComposeEnvironment.ofSluisService(Path.of("docker/compose.yaml")).get("HAPI_FHIR_SERVER_ADDRESS"))
        .isEqualTo("http://localhost:8080/fhir");
    String compose = java.nio.file.Files.readString(Path.of("docker/compose.yaml"));
    assertThat(compose.split("HAPI_FHIR_SERVER_ADDRESS: \\$\\{SLUIS_PUBLIC_ADDRESS:-http://localhost:8080/fhir}", -1))
        .as("the same address on both nodes").hasSize(3);
  }
}
