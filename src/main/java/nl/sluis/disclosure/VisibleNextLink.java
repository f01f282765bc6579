package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.ReadPartitionIdRequestDetails;
import ca.uhn.fhir.jpa.api.svc.ISearchCoordinatorSvc;
import ca.uhn.fhir.jpa.interceptor.JpaPreResourceAccessDetails;
import ca.uhn.fhir.jpa.partition.IRequestPartitionHelperSvc;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The first page of a restricted requester's search links to a next page only when a visible match follows.
 * HAPI decides that link from its stored search total, which counts hidden matches once a search pass has
 * loaded more than one batch of rows with hidden ones among them (see {@link RestrictedPagingProvider}): a
 * client whose many records are all hidden got an empty first page with a next link, a missing client none.
 * The stored result list itself holds visible matches only, so the link is checked against it: is there a
 * match at the next page's offset? (Later pages need no check: they are served without a size.) The check is
 * skipped when the request withheld no row, as in the common case of a client whose records are all visible.
 */
@Interceptor
public final class VisibleNextLink {

  private static final String WITHHELD = VisibleNextLink.class.getName() + ".withheld";
  private static final Pattern PAGE_LINK = Pattern.compile("[?&]_getpages=([^&]+)&_getpagesoffset=(\\d+)");
  private final ISearchCoordinatorSvc<?> searches;
  private final IRequestPartitionHelperSvc partitions;

  VisibleNextLink(ISearchCoordinatorSvc<?> searches, IRequestPartitionHelperSvc partitions) {
    this.searches = searches;
    this.partitions = partitions;
  }

  // Before the disclosure guard records the search's owner for the link (order 0).
  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = -10)
  public void onlyWhenMoreAreVisible(RequestDetails request, IBaseResource response) {
    Optional<DisclosureRequest> restricted = request == null ? Optional.empty() : DisclosureRequest.of(request);
    if (restricted.isEmpty() || request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE
        || !(response instanceof Bundle bundle) || !withheldRows(request)) {
      return;
    }
    if (bundle.getType() == Bundle.BundleType.SEARCHSET) {
      check(request, bundle);
    } else if (bundle.getType() == Bundle.BundleType.BATCHRESPONSE
        || bundle.getType() == Bundle.BundleType.TRANSACTIONRESPONSE) {
      // searches in a batch (its entries share the batch's user data, and so the note of withheld rows)
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        if (entry.getResource() instanceof Bundle searchset && searchset.getType() == Bundle.BundleType.SEARCHSET) {
          check(request, searchset);
        }
      }
    }
  }

  /**
   * Notes that this request withheld a row from a search (the disclosure decision, or the scope and compartment
   * filters): only then can HAPI's total be off. Runs after every filter on this pointcut.
   */
  @Hook(value = Pointcut.STORAGE_PREACCESS_RESOURCES, order = 2000)
  public void noteWithheldRows(RequestDetails request, IPreResourceAccessDetails details) {
    if (request == null || request.getUserData().containsKey(WITHHELD)
        || !(details instanceof JpaPreResourceAccessDetails rows)) {
      return; // reads by id and history pass other details; their answers have no next link of ours
    }
    for (int i = 0; i < rows.size(); i++) {
      if (rows.isDontReturnResourceAtIndex(i)) {
        request.getUserData().put(WITHHELD, Boolean.TRUE);
        return;
      }
    }
  }

  /** HAPI's own link is exact when no row was withheld: then its total counted visible matches only. */
  private static boolean withheldRows(RequestDetails request) {
    return request.getUserData().containsKey(WITHHELD);
  }

  private void check(RequestDetails request, Bundle searchset) {
    Bundle.BundleLinkComponent next = searchset.getLink(Bundle.LINK_NEXT);
    if (next == null || next.getUrl() == null) {
      return;
    }
    Matcher page = PAGE_LINK.matcher(next.getUrl());
    if (!page.find()) {
      return; // not a stored search's page: nothing of ours to check
    }
    String searchId = page.group(1);
    int offset;
    try {
      offset = Integer.parseInt(page.group(2));
    } catch (NumberFormatException beyondAnyStoredSearch) {
      searchset.getLink().remove(next);
      return;
    }
    var partition = partitions.determineReadPartitionForRequest(request,
        ReadPartitionIdRequestDetails.forSearchUuid(searchId));
    if (offset == Integer.MAX_VALUE || searches.getResources(searchId, offset, offset + 1, request, partition).isEmpty()) {
      searchset.getLink().remove(next);
    }
  }
}
