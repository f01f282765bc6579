package nl.sluis.server.language;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Chooses each request's {@link AnswerLanguage} from {@code Accept-Language} before any other filter can answer
 * (body limits, authentication), and also on error dispatches, whose OperationOutcome is written after the
 * request's own filters have finished.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class AnswerLanguageFilter extends OncePerRequestFilter {

  public AnswerLanguageFilter(MessagesProperties properties) {
    AnswerLanguage.setDefault(Locale.forLanguageTag(properties.getDefaultLanguage()));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    AnswerLanguage.set(AnswerLanguage.negotiate(request.getHeader("Accept-Language"),
        AnswerLanguage.configuredDefault()));
    try {
      chain.doFilter(request, response);
    } finally {
      AnswerLanguage.clear();
    }
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }
}
