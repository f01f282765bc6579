package nl.sluis.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import nl.sluis.security.IdentityProvider;
import org.junit.jupiter.api.Test;

/** The console's OpenID Connect configuration: complete and consistent, or the start stops; the CSP follows it. */
class ConsoleSignInTest {

  private static final String ISSUER = "https://idp.example.nl/realms/ggz";
  private static final IdentityProvider PROVIDER = new IdentityProvider(ISSUER, ISSUER + "/certs", ISSUER + "/auth",
      "https://token.example.nl/token", ISSUER + "/logout", List.of(), true);

  private static ConsoleOidcProperties properties(String issuer, String clientId) {
    ConsoleOidcProperties properties = new ConsoleOidcProperties();
    properties.setIssuer(issuer);
    properties.setClientId(clientId);
    return properties;
  }

  @Test
  void neitherKeyMeansNoSignInAndTheStrictPolicy() {
    ConsoleSignIn none = ConsoleSignIn.of(properties("", ""), PROVIDER);
    assertThat(none.enabled()).isFalse();
    assertThat(PageSecurityHeaders.pagePolicy(none)).contains("connect-src 'self';").contains("form-action 'self';")
        .isEqualTo(PageSecurityHeaders.PAGE_POLICY);
  }

  @Test
  void aConfiguredSignInOpensThePolicyToTheProvidersOriginsOnly() {
    ConsoleSignIn signIn = ConsoleSignIn.of(properties(ISSUER, "sluis-console"), PROVIDER);
    assertThat(signIn.scope()).startsWith("openid ").contains("user/*.cruds");
    assertThat(PageSecurityHeaders.pagePolicy(signIn))
        .contains("connect-src 'self' https://idp.example.nl https://token.example.nl;")
        .contains("form-action 'self' https://idp.example.nl;")
        .contains("script-src 'self';").doesNotContain("unsafe");
  }

  @Test
  void halfAnInconsistentOrPlainHttpConfigurationStopsTheStart() {
    assertThatThrownBy(() -> ConsoleSignIn.of(properties(ISSUER, ""), PROVIDER)).hasMessageContaining("both");
    assertThatThrownBy(() -> ConsoleSignIn.of(properties("", "sluis-console"), PROVIDER)).hasMessageContaining("both");
    assertThatThrownBy(() -> ConsoleSignIn.of(properties("https://other.example.nl", "sluis-console"), PROVIDER))
        .hasMessageContaining("sluis.security.issuer");
    IdentityProvider plain = new IdentityProvider("http://idp.example.nl", null, null, null, null, List.of(), false);
    assertThatThrownBy(() -> ConsoleSignIn.of(properties("http://idp.example.nl", "sluis-console"), plain))
        .hasMessageContaining("https");
    IdentityProvider loopback = new IdentityProvider("http://127.0.0.1:9000", null, null, null, null, List.of(), false);
    assertThat(ConsoleSignIn.of(properties("http://127.0.0.1:9000", "sluis-console"), loopback).connectOrigins())
        .containsExactly("http://127.0.0.1:9000");
  }
}
