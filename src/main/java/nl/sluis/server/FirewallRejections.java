package nl.sluis.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Spring Security's firewall refuses some requests outright (unknown methods, encoded slashes, {@code ..}).
 * Its default handler sends a bare 400 whose error page is refused by the same firewall, leaving an empty
 * body; this answers with an OperationOutcome instead.
 */
@Component
public class FirewallRejections implements RequestRejectedHandler {

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response,
      RequestRejectedException rejection) throws IOException {
    OperationOutcomeResponses.write(response, 400, "invalid", ErrorText.generic(400));
  }
}
