package nl.sluis.server.limits;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import nl.sluis.server.OperationOutcomeResponses;
import nl.sluis.server.language.Messages;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HAPI decodes the query string before any interceptor sees the request, and an invalid {@code %} escape
 * makes its decoder throw (a 500). Refused here with 400; one scan of the query string, after authentication.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 20)
public class MalformedQueryFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String query = request.getQueryString();
    if (query != null && query.indexOf('%') >= 0) {
      try {
        QueryStrings.checkEscapes(query);
      } catch (InvalidRequestException e) {
        OperationOutcomeResponses.write(response, 400, "invalid", Messages.text("limits.invalidEscape"));
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
