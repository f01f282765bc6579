package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;

/**
 * Restricted requesters may not ask for a synchronous search: {@code _offset} (HAPI skips that many rows in
 * SQL) or {@code Cache-Control: no-store} (HAPI loads a fixed number of rows, by default 100). Both cut the
 * matches before the disclosure filter runs, so hidden matches would count: a page with fewer entries than
 * asked for, or none although visible matches exist, would tell how many hidden ones came first. Paged
 * searches are filtered before they are paged; their next links reach every visible match. A batch's GET entries
 * run without the request hooks: {@link BundleEntryGuard} applies {@link #refuseOffset} to each, and the header
 * is refused on the batch itself because its entries inherit it. Views that page their own rows ({@link
 * SelfPagedView}) are left alone.
 */
@Interceptor
public final class SynchronousSearchRefusal {

  private static final Set<RestOperationTypeEnum> SEARCHES = Set.of(RestOperationTypeEnum.SEARCH_TYPE,
      RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE,
      RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
      RestOperationTypeEnum.TRANSACTION);
  private final DisclosureService service;
  private final List<SelfPagedView> selfPaged;

  SynchronousSearchRefusal(DisclosureService service, List<SelfPagedView> selfPaged) {
    this.service = service;
    this.selfPaged = List.copyOf(selfPaged);
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void refuse(RequestDetails request, RestOperationTypeEnum operation) {
    if (!SEARCHES.contains(operation)
        || RequesterContext.of(request).filter(requester -> !service.isTrusted(requester)).isEmpty()) {
      return;
    }
    if (selfPaged.stream().anyMatch(view -> view.serves(request, operation))) {
      return;
    }
    refuseOffset(request.getParameters());
    List<String> cacheControl = request.getHeaders(Constants.HEADER_CACHE_CONTROL);
    if (cacheControl != null && cacheControl.stream().anyMatch(value -> value.toLowerCase().contains("no-store"))) {
      throw new InvalidRequestException(Messages.text("paging.noStoreClosed"));
    }
  }

  static void refuseOffset(Map<String, String[]> parameters) {
    if (parameters.containsKey(Constants.PARAM_OFFSET)) {
      throw new InvalidRequestException(Messages.text("paging.offsetClosed"));
    }
  }
}
