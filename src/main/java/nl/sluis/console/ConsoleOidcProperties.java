package nl.sluis.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sluis.console.oidc.*}: the console's sign-in through the organisation's OpenID Connect provider
 * (authorization code + PKCE, as a public client: no secret). Both empty: no such sign-in (the dev sign-in, in the
 * dev profile, and pasting a token remain).
 */
@ConfigurationProperties(prefix = "sluis.console.oidc")
public class ConsoleOidcProperties {

  /** The provider's issuer; must be the one the server trusts ({@code sluis.security.issuer}). */
  private String issuer = "";
  /** The console's client id at the provider (a public client with PKCE, redirect URI {@code <server>/console}). */
  private String clientId = "";
  /** The scopes the console asks for; {@code openid} is always added. */
  private String scope = "openid fhirUser user/*.cruds";

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }
}
