package nl.sluis.server;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Spring Boot's {@code /error} (a JSON map or the Whitelabel HTML page) with an OperationOutcome:
 * every error outside HAPI (404 outside /fhir, 405, a request the firewall rejects, an exception in a
 * filter) is FHIR-shaped. The text is the status's generic one, never the exception's message.
 */
@Controller
public class FhirErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer value && value >= 400 ? value : 404;
    if (response.isCommitted()) {
      return;
    }
    response.reset();
    OperationOutcomeResponses.write(response, status, OperationOutcomeResponses.issueCode(status),
        ErrorText.generic(status));
  }
}
