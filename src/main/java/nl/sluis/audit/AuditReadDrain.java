package nl.sluis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Set;

/**
 * Read-your-writes for plain FHIR requests: before a request that may read AuditEvents is handled, every
 * event logged so far (on any node) is stored as a resource ({@link AuditMaterialiser#drain()}). Such
 * requests: anything on the AuditEvent type (read, search, history, compartment searches), anything naming
 * AuditEvent in its URL ({@code _type}, {@code _include}/{@code _revinclude}), system-level searches and
 * history, transactions and batches (their entries may search), and {@code $everything}.
 */
@Interceptor
public class AuditReadDrain {

  private static final String TYPE = "AuditEvent";
  private static final Set<RestOperationTypeEnum> SYSTEM_LEVEL = Set.of(RestOperationTypeEnum.SEARCH_SYSTEM,
      RestOperationTypeEnum.HISTORY_SYSTEM, RestOperationTypeEnum.TRANSACTION, RestOperationTypeEnum.BATCH);
  private final AuditMaterialiser materialiser;

  AuditReadDrain(AuditMaterialiser materialiser) {
    this.materialiser = materialiser;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void beforeHandling(RequestDetails request, RestOperationTypeEnum operation) {
    if (mayReadAuditEvents(request, operation)) {
      materialiser.drain();
    }
  }

  static boolean mayReadAuditEvents(RequestDetails request, RestOperationTypeEnum operation) {
    if (TYPE.equals(request.getResourceName()) || SYSTEM_LEVEL.contains(operation)) {
      return true;
    }
    if ("$everything".equals(request.getOperation())) {
      return true;
    }
    String url = request.getCompleteUrl();
    return url != null && url.contains(TYPE);
  }
}
