package nl.sluis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * AuditEvents are read-only on every path: the audit log ({@link AuditLog}) is their only store and only
 * {@link AuditWriter} appends to it. On the REST server, before a handler is chosen, every write on the
 * AuditEvent type (create, update, patch, delete, {@code $meta-add}/{@code -delete}, conditional forms) and
 * every transaction or batch with a write entry on AuditEvent answers 405. On HAPI's storage interceptor
 * service, so that nothing stores an AuditEvent in HAPI's tables whatever the path (internal code,
 * cascades), creates, updates and deletes are refused as well (so HAPI's tables never gain an AuditEvent; those
 * earlier versions stored there are hidden by {@link FormerAuditEventCopies}).
 */
@Interceptor
public class AppendOnlyGuard {

  private static final String TYPE = "AuditEvent";

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
  public void refuseWrites(RequestDetails request) {
    if (!TYPE.equals(request.getResourceName())) {
      return;
    }
    RequestTypeEnum method = request.getRequestType();
    String path = request.getRequestPath() == null ? "" : request.getRequestPath();
    boolean readLike = method == RequestTypeEnum.GET || method == RequestTypeEnum.HEAD
        || method == RequestTypeEnum.OPTIONS || method == RequestTypeEnum.POST
            && (path.endsWith("/_search") || "$validate".equals(request.getOperation()));
    if (!readLike) {
      throw refused();
    }
  }

  /** Bundles: after parsing, the entries are known. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void refuseWriteEntries(RequestDetails request, RestOperationTypeEnum operation) {
    if ((operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH)
        && request.getResource() instanceof Bundle bundle && writesAnAuditEvent(bundle)) {
      throw refused();
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void create(IBaseResource resource) {
    if (TYPE.equals(resource.fhirType())) {
      throw refused();
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void update(IBaseResource previous, IBaseResource updated) {
    if (TYPE.equals(updated.fhirType()) || (previous != null && TYPE.equals(previous.fhirType()))) {
      throw refused();
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void delete(IBaseResource resource) {
    if (TYPE.equals(resource.fhirType())) {
      throw refused();
    }
  }

  private static boolean writesAnAuditEvent(Bundle bundle) {
    return bundle.getEntry().stream().anyMatch(entry -> {
      Bundle.HTTPVerb method = entry.getRequest().getMethod();
      String url = entry.getRequest().getUrl() == null ? "" : entry.getRequest().getUrl().replaceFirst("^/+", "");
      return method != Bundle.HTTPVerb.GET && method != Bundle.HTTPVerb.HEAD && (url.split("[/?]", 2)[0].equals(TYPE)
          || entry.getResource() != null && TYPE.equals(entry.getResource().fhirType()));
    });
  }

  private static MethodNotAllowedException refused() {
    return new MethodNotAllowedException(Messages.text("audit.readOnly"), RequestTypeEnum.GET);
  }
}
