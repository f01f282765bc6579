package nl.sluis.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.sluis.disclosure.SelfPagedView;

/**
 * The audit trail's paged views: AuditEvent search and {@code $disclosure-report} page the log's own rows
 * ({@code _offset}, bounded by {@link AuditEventProvider} and {@link DisclosureReportOperation}), and only whoever
 * may see every event calls them ({@link AuditAccess}).
 */
final class AuditLogViews implements SelfPagedView {

  @Override
  public boolean serves(RequestDetails request, RestOperationTypeEnum operation) {
    return operation == RestOperationTypeEnum.SEARCH_TYPE && "AuditEvent".equals(request.getResourceName())
        || operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER
        && DisclosureReportOperation.NAME.equals(request.getOperation());
  }
}
