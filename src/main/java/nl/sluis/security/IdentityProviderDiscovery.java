package nl.sluis.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the identity provider's OpenID Connect discovery document ({@code {issuer}/.well-known/openid-configuration})
 * once at start-up, when {@code sluis.security.jwks-url} and {@code jwks-file} are both empty: its {@code jwks_uri}
 * becomes the trusted key source (screened for the dev key like a configured URL) and its endpoints are what SMART
 * discovery and the console advertise. Fails closed: a document that cannot be read, names another issuer (OpenID
 * Connect Discovery 1.0 §4.3, against mix-up) or lacks {@code jwks_uri} stops the start, naming what was wrong.
 */
final class IdentityProviderDiscovery {

  private static final Logger log = LoggerFactory.getLogger(IdentityProviderDiscovery.class);
  static final String PATH = "/.well-known/openid-configuration";
  private static final int MAX_DOCUMENT_BYTES = 256 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private IdentityProviderDiscovery() {}

  /** The provider as configured, or discovered when no JWKS is configured. */
  static IdentityProvider resolve(SecurityProperties properties) {
    if (!properties.getJwksUrl().isBlank() || !properties.getJwksFile().isBlank()) {
      return IdentityProvider.configured(properties);
    }
    if (properties.getIssuer().isBlank()) {
      throw new IllegalStateException("Configure sluis.security.issuer (Sluis then reads the keys it trusts from "
          + "the issuer's discovery document), or exactly one of sluis.security.jwks-url and sluis.security.jwks-file");
    }
    return discover(properties);
  }

  static IdentityProvider discover(SecurityProperties properties) {
    String issuer = properties.getIssuer();
    URI location = URI.create(issuer.replaceAll("/+$", "") + PATH);
    JsonNode document = fetch(location);
    String advertised = document.path("issuer").asText("");
    if (!advertised.equals(issuer)) {
      throw new IllegalStateException("The discovery document at " + location + " names the issuer '" + advertised
          + "', not sluis.security.issuer '" + issuer + "': they must be equal, character for character");
    }
    String jwksUri = IdentityProvider.blankToNull(document.path("jwks_uri").asText(""));
    if (jwksUri == null) {
      throw new IllegalStateException("The discovery document at " + location + " has no jwks_uri: Sluis would "
          + "trust no key. Configure sluis.security.jwks-url instead.");
    }
    List<String> authMethods = new ArrayList<>();
    document.path("token_endpoint_auth_methods_supported").forEach(method -> authMethods.add(method.asText()));
    // an endpoint configured explicitly wins over the discovered one (e.g. behind a gateway)
    IdentityProvider provider = new IdentityProvider(issuer, jwksUri,
        firstOf(properties.getAuthorizationEndpoint(), document.path("authorization_endpoint").asText("")),
        firstOf(properties.getTokenEndpoint(), document.path("token_endpoint").asText("")),
        IdentityProvider.blankToNull(document.path("end_session_endpoint").asText("")), List.copyOf(authMethods), true);
    log.info("Identity provider {}: keys from {} (its discovery document)", issuer, jwksUri);
    return provider;
  }

  private static JsonNode fetch(URI location) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    HttpRequest request = HttpRequest.newBuilder(location).timeout(TIMEOUT).header("Accept", "application/json")
        .GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw unreadable(location, "HTTP " + response.statusCode());
        }
        byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
        if (bytes.length > MAX_DOCUMENT_BYTES) {
          throw unreadable(location, "larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        JsonNode document = new ObjectMapper().readTree(bytes);
        if (document == null || !document.isObject()) {
          throw unreadable(location, "not a JSON object");
        }
        return document;
      }
    } catch (IOException e) {
      throw unreadable(location, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreadable(location, "interrupted");
    }
  }

  private static IllegalStateException unreadable(URI location, String why) {
    return new IllegalStateException("Cannot read the identity provider's discovery document at " + location + " ("
        + why + "). With sluis.security.jwks-url and jwks-file empty, Sluis takes the keys it trusts from there, "
        + "so it does not start without it.");
  }

  private static String firstOf(String configured, String discovered) {
    String value = IdentityProvider.blankToNull(configured);
    return value != null ? value : IdentityProvider.blankToNull(discovered);
  }
}
