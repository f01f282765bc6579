package nl.sluis.server.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every HTTP request (FHIR, console, operators' endpoints) its database time,
 * {@code sluis.limits.request-database-time}, for as long as it is served; see {@link RequestDatabaseTime}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestDatabaseTimeFilter extends OncePerRequestFilter {

  private final Duration limit;

  public RequestDatabaseTimeFilter(LimitsProperties limits) {
    this.limit = limits.getRequestDatabaseTime();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try (RequestDatabaseTime.Scope scope = RequestDatabaseTime.start(limit)) {
      chain.doFilter(request, response);
    }
  }
}
