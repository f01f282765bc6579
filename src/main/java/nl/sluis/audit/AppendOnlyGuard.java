package nl.sluis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * AuditEvents are append-only, for everyone: registered on HAPI's storage-level interceptor service, so it
 * sees every create, update, patch and delete whatever the path (REST, transaction and batch entries,
 * conditional deletes, cascades, internal code), and lets through only the creates of the audit trail's
 * own {@link AuditMaterialiser} (which stores the events {@link AuditWriter} logged).
 */
@Interceptor
public class AppendOnlyGuard {

  private static final String TYPE = "AuditEvent";
  private final AuditMaterialiser materialiser;

  AppendOnlyGuard(AuditMaterialiser materialiser) {
    this.materialiser = materialiser;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void create(IBaseResource resource, RequestDetails request) {
    if (TYPE.equals(resource.fhirType()) && (request == null || !materialiser.isOwnWrite(request))) {
      throw refused();
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void update(IBaseResource previous, IBaseResource updated) {
    if (TYPE.equals(updated.fhirType()) || (previous != null && TYPE.equals(previous.fhirType()))) {
      throw refused(); // not even the audit trail updates an event
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void delete(IBaseResource resource) {
    if (TYPE.equals(resource.fhirType())) {
      throw refused();
    }
  }

  /**
   * Refused on the request as well, before HAPI does any work: an update whose content equals the stored
   * event is a no-op that reaches no storage hook and would answer 200 as if something were written; and
   * $meta-add / $meta-delete change tags without an update.
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void request(RequestDetails request, RestOperationTypeEnum operation) {
    boolean write = switch (operation) {
      case CREATE, UPDATE, PATCH, DELETE, META_ADD, META_DELETE -> TYPE.equals(request.getResourceName());
      case TRANSACTION, BATCH -> request.getResource() instanceof Bundle bundle && writesAnAuditEvent(bundle);
      default -> false;
    };
    if (write) {
      throw refused();
    }
  }

  private static boolean writesAnAuditEvent(Bundle bundle) {
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Bundle.HTTPVerb method = entry.getRequest().getMethod();
      String url = entry.getRequest().getUrl() == null ? "" : entry.getRequest().getUrl();
      boolean write = method != Bundle.HTTPVerb.GET && method != Bundle.HTTPVerb.HEAD;
      if (write && (url.startsWith(TYPE + "/") || url.startsWith(TYPE + "?") || url.equals(TYPE)
          || (entry.getResource() != null && TYPE.equals(entry.getResource().fhirType())))) {
        return true;
      }
    }
    return false;
  }

  private static ForbiddenOperationException refused() {
    return new ForbiddenOperationException("AuditEvents are append-only: only the server's audit trail writes "
        + "them, and nobody can change or delete them");
  }
}
