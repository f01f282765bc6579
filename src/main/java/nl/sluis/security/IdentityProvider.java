package nl.sluis.security;

import java.util.List;

/**
 * The identity provider whose tokens Sluis accepts and the endpoints it offers to clients: taken from
 * {@code sluis.security.*} as configured, or — when neither a JWKS URL nor a JWKS file is configured — from the
 * issuer's OpenID Connect discovery document ({@link IdentityProviderDiscovery}). SMART discovery, the
 * CapabilityStatement and the console advertise these and nothing else, so that what they say is true.
 *
 * @param jwksUri the keys over HTTPS; null when they come from a file
 * @param authorizationEndpoint null when the provider offers no authorization code flow to Sluis's clients
 * @param endSessionEndpoint OpenID Connect RP-initiated logout; null when not advertised
 * @param tokenEndpointAuthMethods as the provider advertises them; empty when unknown
 * @param discovered true when the endpoints came from the provider's discovery document
 */
public record IdentityProvider(String issuer, String jwksUri, String authorizationEndpoint, String tokenEndpoint,
    String endSessionEndpoint, List<String> tokenEndpointAuthMethods, boolean discovered) {

  /** Only with both endpoints can a browser app (the console, a SMART app) sign a user in. */
  public boolean offersAuthorizationCode() {
    return authorizationEndpoint != null && tokenEndpoint != null;
  }

  /** From the configuration alone (a JWKS URL or file is configured). */
  static IdentityProvider configured(SecurityProperties properties) {
    return new IdentityProvider(properties.getIssuer(), blankToNull(properties.getJwksUrl()),
        blankToNull(properties.getAuthorizationEndpoint()), blankToNull(properties.getTokenEndpoint()), null,
        List.of(), false);
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
