package nl.sluis.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.Metrics;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluis.fhir.requests}: a timer per FHIR interaction, resource type and HTTP status, so that operators
 * see what the server does (Spring's own {@code http.server.requests} cannot see inside HAPI's servlet). Tag
 * values come from closed sets only (HAPI's interaction types, the FHIR resource types, status codes): a
 * client cannot create new time series by inventing names.
 */
@Interceptor
public final class FhirRequestMetrics {

  static final String NAME = "sluis.fhir.requests";
  private final Set<String> resourceTypes;
  private final java.util.Map<String, io.micrometer.core.instrument.Timer> timers =
      new java.util.concurrent.ConcurrentHashMap<>();

  public FhirRequestMetrics(FhirContext fhir) {
    this.resourceTypes = Set.copyOf(fhir.getResourceTypes());
  }

  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
  public void completed(RequestDetails request, ServletRequestDetails servlet) {
    if (request == null || request.isSubRequest()) {
      return; // batch entries are part of their bundle's request
    }
    RestOperationTypeEnum operation = request.getRestOperationType();
    String type = request.getResourceName() != null && resourceTypes.contains(request.getResourceName())
        ? request.getResourceName() : "none";
    int status = servlet != null && servlet.getServletResponse() != null ? servlet.getServletResponse().getStatus() : 0;
    String interaction = operation == null ? "unknown" : operation.getCode();
    // one lookup per combination (closed sets): the request path pays a map read, not a registry lookup
    timers.computeIfAbsent(interaction + "|" + type + "|" + status, key -> Metrics.timer(NAME, "interaction",
        interaction, "type", type, "status", Integer.toString(status)))
        .record(request.getRequestStopwatch().getMillis(), TimeUnit.MILLISECONDS);
  }
}
