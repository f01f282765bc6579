package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.UrlUtil;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * {@code _summary=count} and {@code _total=accurate} for requesters whose reads are filtered, counting visible
 * matches only. HAPI counts in SQL, before any disclosure decision (its consent interceptor therefore refuses both
 * parameters), and its stored search total can count hidden rows (see {@link RestrictedPagingProvider}). The stored
 * result list, however, holds only the matches the requester may see, each decided by the consent hooks as it was
 * loaded. So the parameters are taken out before HAPI sees them, the search runs as an ordinary paged search, and
 * its total is the length of that list, read to its end (which decides every match: a count costs what reading all
 * pages would). Every decision taken while counting is audited like a search's, the request URL showing that only a
 * count was asked for. {@code _total=none} and {@code estimate} give no total (FHIR lets a server omit it). Searches
 * in batch entries and views that page their own rows (the audit trail) keep refusing counts.
 */
@Interceptor
public final class VisibleCounts {

  enum Mode { COUNT_ONLY, WITH_RESULTS }

  private static final String MODE = VisibleCounts.class.getName() + ".mode";
  private static final String SET_ASIDE = VisibleCounts.class.getName() + ".setAside";
  private static final String ASKED = VisibleCounts.class.getName() + ".asked";
  private static final Set<RestOperationTypeEnum> SEARCHES = Set.of(RestOperationTypeEnum.SEARCH_TYPE,
      RestOperationTypeEnum.SEARCH_SYSTEM);
  private static final Set<String> TOTAL_MODES = Set.of("none", "estimate", "accurate");
  private static final Pattern PAGE_LINK = Pattern.compile("[?&]_getpages=([^&]+)");

  private final DisclosureService service;
  private final List<SelfPagedView> selfPaged;
  private final StoredSearchResults stored;

  VisibleCounts(DisclosureService service, List<SelfPagedView> selfPaged, StoredSearchResults stored) {
    this.service = service;
    this.selfPaged = List.copyOf(selfPaged);
    this.stored = stored;
  }

  /**
   * Takes the count parameters out of a restricted requester's search before HAPI binds them to the search
   * method, and notes what was asked for.
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void takeCountParameters(RequestDetails request) {
    Map<String, String[]> parameters = request.getParameters();
    if (!asksForCounts(request) || service.restrictedRequester(request).isEmpty()) {
      return;
    }
    Mode mode = mode(parameters);
    Map<String, String[]> rewritten = new LinkedHashMap<>(parameters);
    rewritten.remove(Constants.PARAM_SEARCH_TOTAL_MODE);
    if (mode == Mode.COUNT_ONLY) {
      rewritten.remove(Constants.PARAM_SUMMARY);
      // one match is enough to know whether more follow; the rest is counted from the stored list
      rewritten.put(Constants.PARAM_COUNT, new String[] {"1"});
      rewritten.remove(Constants.PARAM_INCLUDE);
      rewritten.remove(Constants.PARAM_REVINCLUDE);
    }
    request.setParameters(rewritten);
    if (mode != null) {
      request.getUserData().put(MODE, mode);
      request.getUserData().put(ASKED, parameters);
    }
  }

  /**
   * For everyone else HAPI counts in SQL, which is right for whoever sees every row; it has bound the parameters
   * already, but its consent interceptor (order 100) refuses them for everyone, so they are set aside while it looks.
   */
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = 50)
  public void setAsideForTheConsentInterceptor(RequestDetails request) {
    if (!asksForCounts(request) || service.restrictedRequester(request).isPresent()) {
      return;
    }
    Map<String, String[]> without = new LinkedHashMap<>(request.getParameters());
    without.remove(Constants.PARAM_SEARCH_TOTAL_MODE);
    without.remove(Constants.PARAM_SUMMARY);
    request.getUserData().put(SET_ASIDE, request.getParameters());
    request.setParameters(without);
  }

  /** The parameters as sent, back once the consent interceptor has looked (HAPI builds its answer from them). */
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = 200)
  public void restoreCountParameters(RequestDetails request) {
    @SuppressWarnings("unchecked")
    Map<String, String[]> asSent = (Map<String, String[]>) request.getUserData().remove(SET_ASIDE);
    if (asSent != null) {
      request.setParameters(asSent);
    }
  }

  private boolean asksForCounts(RequestDetails request) {
    Map<String, String[]> parameters = request.getParameters();
    return (parameters.containsKey(Constants.PARAM_SUMMARY) || parameters.containsKey(Constants.PARAM_SEARCH_TOTAL_MODE))
        && SEARCHES.contains(request.getRestOperationType())
        && selfPaged.stream().noneMatch(view -> view.serves(request, request.getRestOperationType()));
  }

  /** What the parameters ask for: only a count, results with their total, or neither ({@code null}). */
  static Mode mode(Map<String, String[]> parameters) {
    String[] summary = parameters.get(Constants.PARAM_SUMMARY);
    if (summary != null && List.of(summary).contains("count")) {
      return Mode.COUNT_ONLY;
    }
    String[] total = parameters.get(Constants.PARAM_SEARCH_TOTAL_MODE);
    if (total == null) {
      return null;
    }
    if (total.length != 1 || !TOTAL_MODES.contains(total[0])) {
      throw new InvalidRequestException(Messages.text("paging.totalMode"));
    }
    return "accurate".equals(total[0]) ? Mode.WITH_RESULTS : null;
  }

  /**
   * Sets the total of the first page (and for a count, leaves nothing else). Runs after the consent interceptor,
   * which clears every total it sees, and before the audit hook (order 1000), which records the decisions taken
   * while counting.
   */
  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 500)
  public void countVisibleMatches(RequestDetails request, IBaseResource response) {
    Object mode = request == null ? null : request.getUserData().get(MODE);
    if (mode == null || !(response instanceof Bundle bundle) || bundle.getType() != Bundle.BundleType.SEARCHSET) {
      return;
    }
    bundle.setTotal(count(request, bundle));
    if (mode == Mode.COUNT_ONLY) {
      bundle.getEntry().clear();
      bundle.getLink().removeIf(link -> !Bundle.LINK_SELF.equals(link.getRelation()));
    }
    Bundle.BundleLinkComponent self = bundle.getLink(Bundle.LINK_SELF);
    @SuppressWarnings("unchecked")
    Map<String, String[]> asked = (Map<String, String[]>) request.getUserData().get(ASKED);
    if (self != null && self.getUrl() != null && asked != null) {
      self.setUrl(asAsked(self.getUrl(), asked));
    }
  }

  /**
   * HAPI's self link (its configured address and path, also for a POST {@code _search}) with the query as asked —
   * {@code _total}, {@code _summary}, {@code _count} and includes as sent, not as rewritten above.
   */
  static String asAsked(String selfLink, Map<String, String[]> asked) {
    int query = selfLink.indexOf('?');
    StringBuilder url = new StringBuilder(query < 0 ? selfLink : selfLink.substring(0, query));
    char separator = '?';
    for (Map.Entry<String, String[]> parameter : asked.entrySet()) {
      for (String value : parameter.getValue()) {
        url.append(separator).append(UrlUtil.escapeUrlParam(parameter.getKey())).append('=')
            .append(UrlUtil.escapeUrlParam(value));
        separator = '&';
      }
    }
    return url.toString();
  }

  /**
   * The visible matches: those on the page when it has no next link (there is one exactly when another visible
   * match follows, {@link VisibleNextLink}), otherwise the length of the stored result list.
   */
  private int count(RequestDetails request, Bundle page) {
    Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
    Matcher link = next == null || next.getUrl() == null ? null : PAGE_LINK.matcher(next.getUrl());
    if (link == null || !link.find()) {
      return (int) page.getEntry().stream()
          .filter(entry -> entry.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE
              && entry.getSearch().getMode() != Bundle.SearchEntryMode.OUTCOME)
          .count();
    }
    return stored.count(request, link.group(1));
  }
}
