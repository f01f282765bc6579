package nl.sluis.server.language;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;

/**
 * {@code Content-Language} (and {@code Vary: Accept-Language}) on the answers whose text Sluis wrote in the
 * request's language: OperationOutcomes, as errors or as the result of {@code $validate}. Not on resources: their
 * text is the data's, in whatever language it was recorded.
 */
@Interceptor
public class ContentLanguage {

  public static final String HEADER = "Content-Language";

  /** On the exception finally answered, whichever hook chose it: a hidden and a missing record alike. */
  @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
  public boolean onError(BaseServerResponseException answer) {
    if (answer != null && !answer.getResponseHeaders().containsKey(HEADER)) {
      answer.addResponseHeader(HEADER, tag());
      answer.addResponseHeader("Vary", "Accept-Language");
    }
    return true;
  }

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public void onOutcome(ResponseDetails response, HttpServletResponse servletResponse) {
    if (response != null && response.getResponseResource() instanceof IBaseOperationOutcome && servletResponse != null) {
      set(servletResponse);
    }
  }

  /** For the OperationOutcomes written outside HAPI (filters, error pages). */
  public static void set(HttpServletResponse response) {
    response.setHeader(HEADER, tag());
    response.addHeader("Vary", "Accept-Language");
  }

  private static String tag() {
    return AnswerLanguage.current().toLanguageTag();
  }
}
