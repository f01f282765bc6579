package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.api.BundleLinks;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.IVersionSpecificBundleFactory;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * A type's history ({@code Observation/_history}) for the organisation's own professionals: the newest versions they
 * may see, one page without a total or paging links. HAPI pages a history before the disclosure decision, so its
 * first page holds the visible versions among the newest {@code _count} of all versions — a short page would tell
 * how many hidden changes were among them, and its offsets would place them. Here the page is filled from the rest of
 * the stored history (each version decided as it is loaded) until it holds {@code _count} visible versions or the
 * history ends, and then has no next link: the answer depends on the visible versions alone. Older versions are
 * reached with {@code _at} (versions up to a time) or {@code _since}; {@code _offset} is refused (it would count from
 * a position among all versions). Its cost is reading the history until the page is full (within the request's
 * database time). Outsiders and system history stay refused ({@link ReadPathGuard}).
 */
@Interceptor
public final class TypeHistory {

  /** HAPI pages a history by position among all versions ({@code _offset}). */
  private static final Pattern NEXT_OFFSET = Pattern.compile("[?&]_offset=(\\d+)");
  /** Versions loaded (and decided) per step while the page is filled. */
  private static final int STEP = 200;
  private final DisclosureService service;

  TypeHistory(DisclosureService service) {
    this.service = service;
  }

  /**
   * {@code _offset} would place the requester's first version among all versions, hidden ones included (of a type,
   * or of one record whose earlier versions it may not see).
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void refuseOffset(RequestDetails request) {
    if (request.getParameters().containsKey(Constants.PARAM_OFFSET)
        && (request.getRestOperationType() == RestOperationTypeEnum.HISTORY_TYPE
            || request.getRestOperationType() == RestOperationTypeEnum.HISTORY_INSTANCE)
        && service.restrictedRequester(request).isPresent()) {
      throw new InvalidRequestException(Messages.text("history.offsetClosed"));
    }
  }

  // Before the consent interceptor's answer hook (order 100): it decides (and redacts) the versions added here too.
  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = -20)
  public void fillThePage(RequestDetails request, IBaseResource response) {
    if (!isRestrictedTypeHistory(request) || !(response instanceof Bundle page)
        || page.getType() != Bundle.BundleType.HISTORY) {
      return;
    }
    Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
    Matcher link = next == null || next.getUrl() == null ? null : NEXT_OFFSET.matcher(next.getUrl());
    if (link != null && link.find()) {
      // HAPI's page ended at this position among all versions; the same history is read on from there
      DateRangeParam range = range(request);
      IBundleProvider history = service.daos().getResourceDao(request.getResourceName())
          .history(range.getLowerBoundAsInstant(), range.getUpperBoundAsInstant(), null, request);
      Integer all = history.size();
      int wanted = pageSize(request);
      List<IBaseResource> more = new ArrayList<>();
      Set<String> shown = new java.util.HashSet<>();
      page.getEntry().forEach(entry -> shown.add(entry.getRequest().getUrl()));
      int loaded = Integer.parseInt(link.group(1));
      while (page.getEntry().size() + more.size() < wanted && all != null && loaded < all) {
        for (IBaseResource version : history.getResources(loaded, Math.min(loaded + STEP, all))) {
          // a version written meanwhile moves the others down one place: never the same version twice
          if (page.getEntry().size() + more.size() < wanted
              && shown.add(version.getIdElement().toUnqualified().getValue())) {
            more.add(version);
          }
        }
        loaded += STEP;
      }
      if (!more.isEmpty()) {
        // built as HAPI builds its pages (root properties first: the entries' URLs and answers need the base)
        IVersionSpecificBundleFactory entries = request.getFhirContext().newBundleFactory();
        entries.addRootPropertiesToBundle(null, new BundleLinks(request.getFhirServerBase(), Set.of(), false,
            BundleTypeEnum.HISTORY), null, null);
        entries.addResourcesToBundle(more, BundleTypeEnum.HISTORY, request.getFhirServerBase(),
            ca.uhn.fhir.context.api.BundleInclusionRule.BASED_ON_INCLUDES, Set.of());
        page.getEntry().addAll(((Bundle) entries.getResourceBundle()).getEntry());
      }
    }
    page.setTotalElement(null);
    page.getLink().removeIf(l -> !Bundle.LINK_SELF.equals(l.getRelation()));
  }

  /** {@code _since} or {@code _at} as HAPI's history method reads them (HAPI refused a request combining both). */
  private static DateRangeParam range(RequestDetails request) {
    String[] at = request.getParameters().get(Constants.PARAM_AT);
    if (at != null) {
      DateRangeParam range = new DateRangeParam();
      List<QualifiedParamList> values = new ArrayList<>();
      for (String value : at) {
        values.add(QualifiedParamList.singleton(value));
      }
      range.setValuesAsQueryTokens(request.getFhirContext(), Constants.PARAM_AT, values);
      if (range.getLowerBoundAsInstant() != null || range.getUpperBoundAsInstant() != null) {
        return range;
      }
    }
    String[] since = request.getParameters().get(Constants.PARAM_SINCE);
    return new DateRangeParam(since == null ? null : new DateTimeType(since[0]).getValue(), null);
  }

  private int pageSize(RequestDetails request) {
    Integer count = RestfulServerUtils.extractCountParameter(request);
    Integer max = request.getServer().getMaximumPageSize();
    Integer defaultSize = request.getServer().getDefaultPageSize();
    int size = count != null ? count : defaultSize != null ? defaultSize : 20;
    return max == null ? size : Math.min(size, max);
  }

  private boolean isRestrictedTypeHistory(RequestDetails request) {
    return request != null && request.getRestOperationType() == RestOperationTypeEnum.HISTORY_TYPE
        && service.restrictedRequester(request).isPresent();
  }
}
