package nl.sluis.disclosure;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.dao.NonPersistedSearch;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Conditional writes of internal restricted requesters — conditional create ({@code If-None-Exist}), update,
 * patch and delete ({@code PUT/PATCH/DELETE Type?query}), also as batch and transaction entries — resolved among
 * the records the requester may see: a match it may not see counts exactly like no match.
 *
 * <p>How HAPI 8 resolves a match URL: {@code MatchResourceUrlService.processMatchUrl} (create, update, patch,
 * inline references), the transaction's pre-fetch ({@code TransactionProcessor.preFetchSearchParameterMaps})
 * and {@code deleteByUrl} all search as the system through {@code IFhirResourceDao.searchForIds}, which first
 * calls {@code STORAGE_PRESEARCH_REGISTERED} with the (mutable) {@code SearchParameterMap}. HAPI's own consent
 * filter on the result ({@code STORAGE_PRESHOW_RESOURCES}) comes too late: it loads at most 2 ids first, so hidden
 * matches would crowd out visible ones, and the transaction pre-fetch does not call it at all. So here, at
 * {@code STORAGE_PRESEARCH_REGISTERED}, the match URL is searched as the system (at most
 * {@code max-conditional-candidates} ids), each candidate is decided with the read path's decision
 * ({@link DisclosureService#decide}) until two visible ones are found, and the map's criteria are replaced by the
 * {@code _id}s of those (or by an id that exists nowhere). HAPI then acts on exactly what the requester may see:
 * none → create / not found / nothing deleted, one → that record, two → 412 — with its own code and messages.
 *
 * <p>What this hook cannot hide: a create under a match URL makes HAPI store that URL (unique, in
 * {@code HFJ_RES_SEARCH_URL}, until the record changes or the row expires) against concurrent duplicates, so
 * a hidden record created under the same URL would make the writer's create fail. When no visible record
 * matches, creates are therefore made unconditional before HAPI sees them ({@link #prepare},
 * {@link #prepareEntry}): a conditional create becomes a plain create, a conditional update a create under a
 * match URL of its own ({@code _id} of a new random id, which the record then gets: HAPI checks that a record
 * created by a conditional update satisfies its match URL). (Two such creates racing are not stopped from both storing; HAPI's guard would.)
 */
@Interceptor
public class ConditionalMatches {

  private static final Set<RestOperationTypeEnum> WRITES = Set.of(RestOperationTypeEnum.CREATE,
      RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE,
      RestOperationTypeEnum.TRANSACTION);
  private static final String RESOLVED = ConditionalMatches.class.getName() + ".resolved";
  private static final String REFUSAL = ConditionalMatches.class.getName() + ".refusal";
  private static final String UPDATE_WITHOUT_MATCH = ConditionalMatches.class.getName() + ".updateWithoutMatch";
  /** With a random UUID: an id no record has (47 characters, a valid id). */
  private static final String NOWHERE = "geen-match-";
  private final DisclosureService service;
  private final MatchUrlService matchUrls;
  private final int maxCandidates;

  ConditionalMatches(DisclosureService service, MatchUrlService matchUrls, int maxCandidates) {
    this.service = service;
    this.matchUrls = matchUrls;
    this.maxCandidates = maxCandidates;
  }

  /** Every match-URL search of an internal restricted writer finds only records it may see. */
  @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
  public void onlyVisibleMatches(RequestDetails request, SearchParameterMap criteria, ICachedSearchDetails search) {
    if (request == null || !(search instanceof NonPersistedSearch)
        || !WRITES.contains(request.getRestOperationType())) {
      return;
    }
    Optional<RequesterContext> requester = service.restrictedRequester(request);
    if (requester.isEmpty()) {
      return;
    }
    if (!requester.get().internal()) {
      throw WritePathGuard.outsiderWrite(); // refused before any work already; never resolve for outsiders
    }
    refuseOracles(criteria); // refused on the request already; never resolve one however it got here
    List<String> visible = visible(request, requester.get(), search.getResourceType(), criteria);
    onlyThese(criteria, visible);
  }

  /**
   * Direct requests, before HAPI reads its arguments: a conditional create or update that matches no record the
   * requester may see is made unconditional (see the class comment). Errors (a bad match URL, too many
   * candidates) are kept for {@link WritePathGuard}, which answers them after its own checks.
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void prepare(RequestDetails request) {
    RestOperationTypeEnum operation = request.getRestOperationType();
    if (operation != RestOperationTypeEnum.CREATE && operation != RestOperationTypeEnum.UPDATE) {
      return;
    }
    Optional<RequesterContext> requester = service.restrictedRequester(request);
    if (requester.isEmpty() || !requester.get().internal() || request.getResourceName() == null) {
      return;
    }
    String matchUrl = request.getConditionalUrl(operation);
    if (matchUrl == null || matchUrl.isBlank()) {
      return;
    }
    try {
      if (!visible(request, requester.get(), request.getResourceName(), matchUrl).isEmpty()) {
        return;
      }
      if (operation == RestOperationTypeEnum.CREATE) {
        request.setHeaders(Constants.HEADER_IF_NONE_EXIST, List.of());
      } else {
        // HAPI checks that what it creates satisfies the match URL: the new record gets the id this one names
        String id = UUID.randomUUID().toString();
        request.setFixedConditionalUrl(request.getResourceName() + "?_id=" + id);
        request.getUserData().put(UPDATE_WITHOUT_MATCH, id);
      }
    } catch (BaseServerResponseException refused) {
      request.getUserData().put(REFUSAL, refused);
    }
  }

  /**
   * The refusal {@link #prepare} found; a conditional update without a visible match may not name an id (it would
   * be an update-as-create by id), and gets the id of its own match URL.
   */
  static void refuseWhatPrepareFound(RequestDetails request) {
    Object refusal = request.getUserData().get(REFUSAL);
    if (refusal instanceof BaseServerResponseException refused) {
      throw refused;
    }
    Object id = request.getUserData().get(UPDATE_WITHOUT_MATCH);
    if (id != null && request.getResource() != null) {
      if (request.getResource().getIdElement().hasIdPart()) {
        throw updateAsCreateWithId();
      }
      request.getResource().setId(id.toString());
    }
  }

  /**
   * A batch or transaction entry of an internal restricted writer: a conditional create without a visible match
   * loses its condition, a conditional update without one becomes a create. The others are resolved when HAPI
   * searches ({@link #onlyVisibleMatches}).
   */
  void prepareEntry(RequestDetails request, RequesterContext requester, Bundle.BundleEntryComponent entry) {
    Bundle.BundleEntryRequestComponent call = entry.getRequest();
    String url = call.getUrl() == null ? "" : call.getUrl().replaceFirst("^/", "");
    if (call.getMethod() == Bundle.HTTPVerb.POST && call.hasIfNoneExist()) {
      String type = entry.getResource() != null ? entry.getResource().fhirType() : url.split("[/?]")[0];
      if (visible(request, requester, type, call.getIfNoneExist()).isEmpty()) {
        call.setIfNoneExistElement(null);
      }
    } else if (call.getMethod() == Bundle.HTTPVerb.PUT && url.contains("?")) {
      String type = url.substring(0, url.indexOf('?'));
      if (visible(request, requester, type, url).isEmpty()) {
        if (entry.getResource() != null && entry.getResource().getIdElement().hasIdPart()) {
          throw updateAsCreateWithId();
        }
        call.setMethod(Bundle.HTTPVerb.POST).setUrl(type);
      }
    }
  }

  private static void refuseOracles(SearchParameterMap criteria) {
    for (String name : criteria.keySet()) {
      boolean chained = criteria.get(name).stream().flatMap(List::stream)
          .anyMatch(value -> value instanceof ca.uhn.fhir.rest.param.ReferenceParam reference && reference.hasChain());
      if (name.startsWith("_has") || chained) {
        throw new InvalidRequestException(Messages.text("conditional.hasAndChainsClosed"));
      }
    }
  }

  static InvalidRequestException updateAsCreateWithId() {
    return new InvalidRequestException(Messages.text("conditional.updateWithId"));
  }

  private List<String> visible(RequestDetails request, RequesterContext requester, String type, String matchUrl) {
    if (type.isEmpty() || !service.daos().isResourceTypeSupported(type)) {
      throw new InvalidRequestException(Messages.text("conditional.unknownType"));
    }
    RuntimeResourceDefinition definition = service.fhirContext().getResourceDefinition(type);
    String query = matchUrl.contains("?") ? matchUrl.substring(matchUrl.indexOf('?')) : "?" + matchUrl;
    // _has and chains would let a visible match tell about records the requester may not see (as in a search)
    ReadPathGuard.refuseOracles(BundleEntryGuard.parameters(query.substring(1)));
    SearchParameterMap criteria = matchUrls.translateMatchUrl(type + query, definition);
    if (criteria.isEmpty() && criteria.getLastUpdated() == null) {
      throw new InvalidRequestException(Messages.text("conditional.noParameters"));
    }
    return visible(request, requester, type, criteria);
  }

  /**
   * A restricted writer's match URL names an identifier value or an {@code _id}: what conditional writes are for
   * (idempotent sync). Its candidates are then the few records carrying that value, so the candidate bound — whose
   * 412 would tell that more records match than the requester may see — is out of reach of ordinary use; a broad
   * match URL ({@code Observation?code=x}) would make that bound an oracle on hidden records.
   */
  private static void requireSelective(SearchParameterMap criteria) {
    boolean selective = java.util.stream.Stream.of("identifier", "_id").map(criteria::get)
        .filter(java.util.Objects::nonNull).flatMap(List::stream).flatMap(List::stream)
        .anyMatch(parameter -> parameter instanceof TokenParam token ? token.getValue() != null
            && !token.getValue().isBlank() && token.getModifier() == null
            : parameter.getMissing() == null && parameter instanceof ca.uhn.fhir.rest.param.StringParam string
            && !string.getValue().isBlank() && !string.isContains());
    if (!selective) {
      throw new InvalidRequestException(Messages.text("conditional.identifierOrIdOnly"));
    }
  }

  /**
   * Ids of at most two records of the type matching the criteria that the requester may see (or that this
   * request wrote itself), remembered per request: HAPI searches one match URL up to three times.
   */
  private List<String> visible(RequestDetails request, RequesterContext requester, String type,
      SearchParameterMap criteria) {
    requireSelective(criteria); // every path: direct, entries, and HAPI's own searches (delete by URL, pre-fetch)
    String key = type + criteria.toNormalizedQueryString();
    Map<String, List<String>> resolved = resolved(request);
    List<String> known = resolved.get(key);
    if (known != null) {
      return known;
    }
    SearchParameterMap candidates = criteria.clone();
    candidates.setLoadSynchronous(true);
    candidates.setLoadSynchronousUpTo(maxCandidates + 1);
    candidates.setCount(null);
    candidates.setOffset(null);
    @SuppressWarnings("unchecked")
    IFhirResourceDao<IBaseResource> dao = (IFhirResourceDao<IBaseResource>) service.daos().getResourceDao(type);
    List<IResourcePersistentId<?>> ids = dao.searchForIds(candidates, new SystemRequestDetails());
    if (ids.size() > maxCandidates) {
      throw new PreconditionFailedException(Messages.text("conditional.tooManyCandidates", maxCandidates));
    }
    DisclosureRequest state = DisclosureRequest.of(request).orElseGet(() -> service.begin(requester));
    List<String> visible = new ArrayList<>(2);
    for (IResourcePersistentId<?> id : ids) {
      IBaseResource candidate = dao.readByPid(id);
      if (candidate == null) {
        continue;
      }
      String reference = type + "/" + candidate.getIdElement().getIdPart();
      if (OwnWrites.writtenByThisRequest(request, candidate) || OwnWrites.createdByThisRequest(request, reference)
          || service.decide(state, candidate).isDisclosed()) {
        visible.add(candidate.getIdElement().getIdPart());
        if (visible.size() == 2) {
          break; // enough for HAPI's answer: one record, or 412
        }
      }
    }
    List<String> answer = List.copyOf(visible);
    resolved.put(key, answer);
    return answer;
  }

  /** What this request resolved; made up front (single-threaded), as HAPI may run batch entries in parallel. */
  @SuppressWarnings("unchecked")
  static Map<String, List<String>> resolved(RequestDetails request) {
    return (Map<String, List<String>>) request.getUserData()
        .computeIfAbsent(RESOLVED, k -> new ConcurrentHashMap<String, List<String>>());
  }

  /**
   * Replaces the criteria by {@code _id} of the visible records (or of an id that exists nowhere). Two AND
   * clauses of at least two values each: HAPI's transaction pre-fetch sends single-token criteria to the token
   * index in one batched query, which has no rows for {@code _id}.
   */
  private static void onlyThese(SearchParameterMap criteria, List<String> ids) {
    for (String name : new ArrayList<>(criteria.keySet())) {
      criteria.remove(name);
    }
    criteria.setLastUpdated(null);
    List<String> values = new ArrayList<>(ids.isEmpty() ? List.of(NOWHERE + UUID.randomUUID()) : ids);
    if (values.size() == 1) {
      values.add(values.get(0));
    }
    for (int clause = 0; clause < 2; clause++) {
      TokenOrListParam either = new TokenOrListParam();
      values.forEach(value -> either.addOr(new TokenParam(value)));
      criteria.add("_id", either);
    }
  }

}
