package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** The operator credential: a hash in production, plain text only in dev, nobody when none is configured. */
class OperatorEndpointsSecurityTest {

  private static MockEnvironment profile(String... profiles) {
    MockEnvironment environment = new MockEnvironment();
    environment.setActiveProfiles(profiles);
    return environment;
  }

  @Test
  void plainTextOnlyInDev() {
    assertThatThrownBy(() -> OperatorEndpointsSecurity.operators("operator", "{noop}secret", profile("prod")))
        .hasMessageContaining("only allowed with the 'dev' profile");
    assertThat(OperatorEndpointsSecurity.operators("operator", "{noop}secret", profile("dev"))
        .loadUserByUsername("operator").getPassword()).isEqualTo("{noop}secret");
  }

  @Test
  void anUnencodedValueIsRefusedAtStart() {
    assertThatThrownBy(() -> OperatorEndpointsSecurity.operators("operator", "secret", profile("prod")))
        .hasMessageContaining("must be an encoded password");
  }

  @Test
  void aHashIsAccepted() {
    String hash = "{bcrypt}$2a$10$dXJ3SW6G7P50lGmMkkmwe.20cQQubK3.HZWzG3YB1tlRy.fqvM/BG";
    assertThat(OperatorEndpointsSecurity.operators("ops", hash, profile()).loadUserByUsername("ops").getPassword())
        .isEqualTo(hash);
  }

  @Test
  void withoutAPasswordNobodyIsAnOperator() {
    assertThatThrownBy(() -> OperatorEndpointsSecurity.operators("operator", "", profile())
        .loadUserByUsername("operator")).isInstanceOf(UsernameNotFoundException.class);
  }
}
