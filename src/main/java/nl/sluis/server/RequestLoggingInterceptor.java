package nl.sluis.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per FHIR request: operation, resource type or id, status and time. Never the body,
 * never the query string (search parameters can carry a BSN), never exception messages (parsers quote
 * input); the request id comes from the logging context.
 */
@Interceptor
public class RequestLoggingInterceptor {

  private static final Logger log = LoggerFactory.getLogger("nl.sluis.fhir.access");

  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
  public void completed(ServletRequestDetails request) {
    log.info("{} {} -> {} in {} ms", operation(request), target(request),
        request.getServletResponse().getStatus(), elapsedMillis(request));
  }

  @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
  public boolean failed(RequestDetails request, BaseServerResponseException exception) {
    log.info("{} {} -> {} in {} ms", operation(request), target(request), exception.getStatusCode(),
        elapsedMillis(request));
    return true;
  }

  private static String operation(RequestDetails request) {
    if (request.getRestOperationType() == null) {
      return request.getRequestType() == null ? "?" : request.getRequestType().name();
    }
    String operation = request.getRestOperationType().getCode();
    return request.getOperation() == null ? operation : operation + " " + request.getOperation();
  }

  private static String target(RequestDetails request) {
    if (request.getId() != null && request.getId().hasIdPart()) {
      return request.getId().toUnqualifiedVersionless().getValue();
    }
    return request.getResourceName() == null ? "/" : request.getResourceName();
  }

  private static long elapsedMillis(RequestDetails request) {
    return request.getRequestStopwatch() == null ? -1 : request.getRequestStopwatch().getMillis();
  }
}
