package nl.sluis.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import nl.sluis.server.OperationOutcomeResponses;
import nl.sluis.server.language.Messages;
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
    String description = "token.required";
    if (exception instanceof OAuth2AuthenticationException oauth) {
      error = oauth.getError().getErrorCode();
      description = describe(oauth);
    }
    StringBuilder header = new StringBuilder("Bearer realm=\"").append(realm).append('"');
    if (error != null) {
      // RFC 6750 allows only ASCII here: the header says it in English, the body in the request's language
      header.append(", error=\"").append(error).append("\", error_description=\"")
          .append(Messages.text(Locale.ENGLISH, description).replace("\"", "'")).append('"');
    }
    response.setHeader("WWW-Authenticate", header.toString());
    OperationOutcomeResponses.write(response, 401, "login", Messages.text(description));
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response,
      AccessDeniedException exception) throws IOException {
    response.setHeader("WWW-Authenticate",
        "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\"");
    OperationOutcomeResponses.write(response, 403, "forbidden", Messages.text("error.generic.403"));
  }

  /** Spring's messages for a bad token quote the parser; keep only a stable, safe summary (its message key). */
  private static String describe(OAuth2AuthenticationException exception) {
    String detail = exception.getError().getDescription();
    if (detail == null) {
      return "token.invalid";
    }
    if (exception.getError() instanceof BearerTokenError && detail.startsWith("Bearer token is malformed")) {
      return "token.malformed";
    }
    String lower = detail.toLowerCase();
    // before "iss" below: "issued" contains it
    if (lower.contains("issued in the future")) {
      return "token.issuedInFuture";
    }
    if (lower.contains("expires before it was issued")) {
      return "token.expiresBeforeIssued";
    }
    if (lower.contains("expired")) {
      return "token.expired";
    }
    if (lower.contains("used before") || lower.contains("nbf") || lower.contains("not yet")) {
      return "token.notYetValid";
    }
    if (lower.contains("iss")) {
      return "token.issuer";
    }
    if (lower.contains("audience")) {
      return "token.audience";
    }
    if (lower.contains("no expiry")) {
      return "token.noExpiry";
    }
    if (lower.contains("unsupported algorithm")) {
      return "token.algorithm";
    }
    if (lower.contains("matching key") || lower.contains("key(s)")) {
      return "token.untrustedKey";
    }
    if (lower.contains("signature")) {
      return "token.signature";
    }
    if (lower.contains("malformed") || lower.contains("parse") || lower.contains("invalid serialized")) {
      return "token.malformed";
    }
    return "token.invalid";
  }
}
