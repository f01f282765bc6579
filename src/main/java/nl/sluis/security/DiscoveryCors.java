package nl.sluis.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import nl.sluis.server.OperationOutcomeResponses;
import nl.sluis.server.language.Messages;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for the discovery documents only ({@code /fhir/metadata} and the SMART configuration): a browser app on any
 * origin may read them with GET, as SMART apps must before they can sign in. They hold no data and no credentials are
 * involved ({@code *}, never with credentials). Data paths keep their CORS closed (or as {@code hapi.fhir.cors}
 * configures it). Runs before authentication, so that a preflight is answered here and goes no further.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class DiscoveryCors extends OncePerRequestFilter {

  static final List<String> DISCOVERY_PATHS = List.of("/fhir/metadata", "/.well-known/smart-configuration",
      "/fhir/.well-known/smart-configuration");

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getHeader("Origin") == null
        || !DISCOVERY_PATHS.contains(request.getRequestURI().substring(request.getContextPath().length()));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String preflightMethod = request.getHeader("Access-Control-Request-Method");
    if ("OPTIONS".equals(request.getMethod()) && preflightMethod != null) {
      if (!"GET".equals(preflightMethod) && !"HEAD".equals(preflightMethod)) {
        OperationOutcomeResponses.write(response, 403, "forbidden", Messages.text("cors.discoveryOnly"));
        return;
      }
      response.setHeader("Access-Control-Allow-Origin", "*");
      response.setHeader("Access-Control-Allow-Methods", "GET, HEAD");
      response.setHeader("Access-Control-Allow-Headers", "Accept, Accept-Language");
      response.setHeader("Access-Control-Max-Age", "600");
      response.setStatus(204);
      return;
    }
    if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
      response.setHeader("Access-Control-Allow-Origin", "*");
    }
    chain.doFilter(request, response);
  }
}
