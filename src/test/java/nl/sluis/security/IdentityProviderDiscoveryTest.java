package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The identity provider's discovery document, read at start-up: what is taken from it and when the start stops. */
class IdentityProviderDiscoveryTest {

  private HttpServer server;
  private final AtomicReference<String> document = new AtomicReference<>();
  private String issuer;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/realms/ggz/.well-known/openid-configuration", exchange -> {
      String body = document.get();
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/ggz";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SecurityProperties properties() {
    SecurityProperties properties = new SecurityProperties();
    properties.setIssuer(issuer);
    properties.setAudience(List.of("sluis"));
    return properties;
  }

  private String discoveryDocument(String advertisedIssuer, String jwksUri) {
    return "{\"issuer\":\"" + advertisedIssuer + "\"," + (jwksUri == null ? "" : "\"jwks_uri\":\"" + jwksUri + "\",")
        + "\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + issuer + "/token\","
        + "\"end_session_endpoint\":\"" + issuer + "/logout\","
        + "\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\",\"none\"]}";
  }

  @Test
  void withoutAConfiguredJwksTheEndpointsAndKeysComeFromDiscovery() {
    document.set(discoveryDocument(issuer, issuer + "/certs"));
    IdentityProvider provider = IdentityProviderDiscovery.resolve(properties());
    assertThat(provider.discovered()).isTrue();
    assertThat(provider.jwksUri()).isEqualTo(issuer + "/certs");
    assertThat(provider.authorizationEndpoint()).isEqualTo(issuer + "/auth");
    assertThat(provider.tokenEndpoint()).isEqualTo(issuer + "/token");
    assertThat(provider.endSessionEndpoint()).isEqualTo(issuer + "/logout");
    assertThat(provider.tokenEndpointAuthMethods()).containsExactly("private_key_jwt", "none");
    assertThat(provider.offersAuthorizationCode()).isTrue();
    assertThat(SmartConfigurationFilter.smartConfiguration(provider)).containsEntry("authorization_endpoint",
        issuer + "/auth").containsEntry("code_challenge_methods_supported", List.of("S256"))
        .containsEntry("grant_types_supported", List.of("client_credentials", "authorization_code"));
  }

  @Test
  void aConfiguredEndpointWinsOverTheDiscoveredOne() {
    document.set(discoveryDocument(issuer, issuer + "/certs"));
    SecurityProperties properties = properties();
    properties.setTokenEndpoint("https://gateway.example.nl/token");
    assertThat(IdentityProviderDiscovery.resolve(properties).tokenEndpoint()).isEqualTo("https://gateway.example.nl/token");
  }

  @Test
  void aConfiguredJwksMeansNoDiscoveryAndNoAuthorizationCodeWithoutAnEndpoint() {
    SecurityProperties properties = properties();
    properties.setJwksUrl("https://idp.example.nl/certs");
    properties.setTokenEndpoint("https://idp.example.nl/token");
    IdentityProvider provider = IdentityProviderDiscovery.resolve(properties);
    assertThat(provider.discovered()).isFalse();
    assertThat(provider.offersAuthorizationCode()).isFalse();
    assertThat(SmartConfigurationFilter.smartConfiguration(provider)).doesNotContainKeys("authorization_endpoint",
        "code_challenge_methods_supported", "response_types_supported")
        .containsEntry("grant_types_supported", List.of("client_credentials"));
  }

  @Test
  void theStartStopsWhenDiscoveryFailsOrDisagrees() {
    assertThatThrownBy(() -> IdentityProviderDiscovery.resolve(properties()))
        .as("no document").hasMessageContaining("Cannot read").hasMessageContaining("HTTP 404");
    document.set(discoveryDocument("https://elsewhere.example.nl", issuer + "/certs"));
    assertThatThrownBy(() -> IdentityProviderDiscovery.resolve(properties()))
        .as("mix-up").hasMessageContaining("names the issuer 'https://elsewhere.example.nl'");
    document.set(discoveryDocument(issuer, null));
    assertThatThrownBy(() -> IdentityProviderDiscovery.resolve(properties())).hasMessageContaining("no jwks_uri");
    document.set("[]");
    assertThatThrownBy(() -> IdentityProviderDiscovery.resolve(properties())).hasMessageContaining("not a JSON object");
    SecurityProperties noIssuer = properties();
    noIssuer.setIssuer("");
    assertThatThrownBy(() -> IdentityProviderDiscovery.resolve(noIssuer)).hasMessageContaining("sluis.security.issuer");
    server.stop(0);
    assertThatThrownBy(() -> IdentityProviderDiscovery.resolve(properties()))
        .as("unreachable").hasMessageContaining("does not start without it");
  }
}
