package nl.sluis.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import nl.sluis.server.OperationOutcomeResponses;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a missing or rejected bearer token with 401, an OperationOutcome and an RFC 6750
 * {@code WWW-Authenticate: Bearer error=...} header. The description is ours (why the token was
 * refused), never the token's content.
 */
final class BearerTokenProblemWriter implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final String realm;

  BearerTokenProblemWriter(String realm) {
    this.realm = realm;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response,
      AuthenticationException exception) throws IOException {
    String error = null;
    String description = "A bearer token is required";
    if (exception instanceof OAuth2AuthenticationException oauth) {
      error = oauth.getError().getErrorCode();
      description = describe(oauth);
    }
    StringBuilder header = new StringBuilder("Bearer realm=\"").append(realm).append('"');
    if (error != null) {
      header.append(", error=\"").append(error).append("\", error_description=\"")
          .append(description.replace("\"", "'")).append('"');
    }
    response.setHeader("WWW-Authenticate", header.toString());
    OperationOutcomeResponses.write(response, 401, "login", description);
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response,
      AccessDeniedException exception) throws IOException {
    response.setHeader("WWW-Authenticate",
        "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\"");
    OperationOutcomeResponses.write(response, 403, "forbidden", "Access denied");
  }

  /** Spring's messages for a bad token quote the parser; keep only a stable, safe summary. */
  private static String describe(OAuth2AuthenticationException exception) {
    String detail = exception.getError().getDescription();
    if (detail == null) {
      return "The bearer token is not valid";
    }
    if (exception.getError() instanceof BearerTokenError && detail.startsWith("Bearer token is malformed")) {
      return "The bearer token is malformed";
    }
    String lower = detail.toLowerCase();
    // before "iss" below: "issued" contains it
    if (lower.contains("issued in the future")) {
      return "The bearer token was issued in the future (iat)";
    }
    if (lower.contains("expires before it was issued")) {
      return "The bearer token expires before it was issued";
    }
    if (lower.contains("expired")) {
      return "The bearer token has expired";
    }
    if (lower.contains("used before") || lower.contains("nbf") || lower.contains("not yet")) {
      return "The bearer token is not valid yet";
    }
    if (lower.contains("iss")) {
      return "The bearer token's issuer is not trusted";
    }
    if (lower.contains("audience")) {
      return "The bearer token's audience is not this server";
    }
    if (lower.contains("no expiry")) {
      return "The bearer token has no expiry (exp)";
    }
    if (lower.contains("unsupported algorithm")) {
      return "The bearer token's signature algorithm is not accepted (RS256 or ES256 only)";
    }
    if (lower.contains("matching key") || lower.contains("key(s)")) {
      return "The bearer token is signed with a key this server does not trust";
    }
    if (lower.contains("signature")) {
      return "The bearer token's signature is invalid";
    }
    if (lower.contains("malformed") || lower.contains("parse") || lower.contains("invalid serialized")) {
      return "The bearer token is malformed";
    }
    return "The bearer token is not valid";
  }
}
