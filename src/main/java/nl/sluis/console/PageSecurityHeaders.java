package nl.sluis.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers for the HTML pages (the landing page, the console, HAPI's Swagger UI): a Content-Security-Policy
 * that allows only the server's own scripts, styles and API (no inline script, no framing), no MIME sniffing, no
 * referrer. The Swagger UI page is HAPI's and starts itself with one inline script, so it alone gets
 * {@code 'unsafe-inline'} for scripts; it only describes the API.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class PageSecurityHeaders extends OncePerRequestFilter {

  static final String PAGE_POLICY = pagePolicy(ConsoleSignIn.NONE);
  static final String SWAGGER_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
      + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final String pagePolicy;

  public PageSecurityHeaders(ConsoleSignIn signIn) {
    this.pagePolicy = pagePolicy(signIn);
  }

  /**
   * The pages' policy. With the console's OpenID Connect sign-in configured, and only then, the console may also
   * fetch from the identity provider (discovery, token endpoint) and post the sign-out form to it.
   */
  static String pagePolicy(ConsoleSignIn signIn) {
    String connect = String.join(" ", signIn.connectOrigins());
    String form = String.join(" ", signIn.formOrigins());
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'" + (connect.isEmpty() ? "" : " " + connect) + "; font-src 'self'; object-src 'none'; "
        + "base-uri 'none'; form-action 'self'" + (form.isEmpty() ? "" : " " + form) + "; frame-ancestors 'none'";
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return policyFor(path(request)) == null;
  }

  static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  String policyFor(String path) {
    if (path.equals("/") || path.equals("/index.html") || path.equals("/landing.css") || path.equals("/console")
        || path.startsWith("/console/")) {
      return pagePolicy;
    }
    if (path.startsWith("/fhir/swagger-ui")) {
      return SWAGGER_POLICY;
    }
    return null;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", policyFor(path(request)));
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    chain.doFilter(request, response);
  }
}
