package nl.sluis.console;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nl.sluis.security.IdentityProvider;

/**
 * How the console signs users in through OpenID Connect, checked at start-up so that a half or inconsistent
 * configuration stops the server instead of offering a sign-in whose tokens the server would refuse: issuer and
 * client id together, the issuer the one the server trusts, over HTTPS (plain HTTP only on this machine).
 * {@link #connectOrigins()} and {@link #formOrigins()} are what the pages' Content-Security-Policy must allow the console to reach.
 */
public record ConsoleSignIn(String issuer, String clientId, String scope, List<String> connectOrigins,
    List<String> formOrigins) {

  static final ConsoleSignIn NONE = new ConsoleSignIn(null, null, null, List.of(), List.of());

  public boolean enabled() {
    return issuer != null;
  }

  static ConsoleSignIn of(ConsoleOidcProperties properties, IdentityProvider provider) {
    boolean hasIssuer = !properties.getIssuer().isBlank();
    boolean hasClient = !properties.getClientId().isBlank();
    if (!hasIssuer && !hasClient) {
      return NONE;
    }
    if (hasIssuer != hasClient) {
      throw new IllegalStateException("The console's OpenID Connect sign-in needs both sluis.console.oidc.issuer and "
          + "sluis.console.oidc.client-id (or neither)");
    }
    String issuer = properties.getIssuer();
    if (!issuer.equals(provider.issuer())) {
      throw new IllegalStateException("sluis.console.oidc.issuer (" + issuer + ") must be the issuer whose tokens "
          + "the server accepts, sluis.security.issuer (" + provider.issuer() + "): otherwise the console would sign "
          + "in with tokens the server refuses");
    }
    if (!properties.getClientId().matches("[\\x21-\\x7E]{1,200}")) {
      throw new IllegalStateException("sluis.console.oidc.client-id is not a client id");
    }
    Set<String> scopes = new LinkedHashSet<>(List.of("openid"));
    scopes.addAll(Arrays.stream(properties.getScope().trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
    // the browser reads the discovery document at the issuer and posts the code to the token endpoint
    Set<String> connect = new LinkedHashSet<>();
    connect.add(origin(issuer, "sluis.console.oidc.issuer"));
    if (provider.tokenEndpoint() != null) {
      connect.add(origin(provider.tokenEndpoint(), "the token endpoint"));
    }
    // sign-out posts a form to the provider's end-session endpoint (a POST: the id token stays out of the URL)
    List<String> form = provider.endSessionEndpoint() == null ? List.of()
        : List.of(origin(provider.endSessionEndpoint(), "the end-session endpoint"));
    return new ConsoleSignIn(issuer, properties.getClientId(), String.join(" ", scopes), new ArrayList<>(connect),
        form);
  }

  /** scheme://host[:port] of an HTTPS URL, or of a plain HTTP one on this machine (development and tests). */
  static String origin(String url, String what) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(what + " is not a URL: " + url);
    }
    String host = uri.getHost();
    boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    if (host == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
      throw new IllegalStateException(what + " must be an https URL (plain http only for localhost): " + url);
    }
    return uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
