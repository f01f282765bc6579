package nl.sluis.server;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.sluis.server.language.AnswerLanguage;
import nl.sluis.server.language.ContentLanguage;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat answers some requests itself, before any servlet or filter: a request line with characters RFC 3986
 * does not allow, an invalid {@code %} escape in the path, headers that are too large. Its own error report
 * is an HTML page naming Tomcat; this one is an OperationOutcome with a generic text.
 */
public class OperationOutcomeErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    if (status == 505) {
      // A request line Tomcat cannot parse as HTTP/1.x: the client's error, not the server's.
      status = 400;
      response.setStatus(status);
    }
    try {
      byte[] body = OperationOutcomeResponses.body(OperationOutcomeResponses.issueCode(status),
          ErrorText.generic(status));
      response.setContentType("application/fhir+json");
      response.setHeader(ContentLanguage.HEADER, AnswerLanguage.configuredDefault().toLanguageTag());
      response.setCharacterEncoding("UTF-8");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response cannot be written: nothing left to tell it.
    }
  }
}
