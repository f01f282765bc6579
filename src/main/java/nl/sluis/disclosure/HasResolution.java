package nl.sluis.disclosure;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.sluis.disclosure.engine.Outcome;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * {@code _has} for the organisation's own professionals, over the records they may see: {@code
 * Patient?_has:Observation:subject:code=X} finds the clients with an Observation of code X <em>that the professional
 * may see as it is</em>. HAPI would answer it with one SQL join over every Observation, so a client whose only
 * match is hidden would be found (an existence oracle; that is why {@code _has} was refused). Here the inner search
 * ({@code Observation?code=X}) runs first, as the requester's own search: narrowed, filtered and stored like any of
 * its searches, read to its end; the references of the matches that the engine permits without obligations are
 * collected, and the {@code _has} parameter is replaced by {@code _id} with those ids (or an id no record has) before
 * HAPI reads the request. The answer is then what the professional could have found with the two searches itself;
 * its cost is what reading every page of the inner search would cost. Repeated {@code _has} parameters are each
 * resolved on their own and intersected, as HAPI does (AND).
 *
 * <p>One level only: the inner parameter may not be a chain or another {@code _has}, nor a free-text search
 * ({@code _text}, {@code _content}); at most {@code sluis.disclosure.max-has-matches} records may be found (400
 * above, counting visible records only). Outsiders, batch entries and match URLs keep refusing {@code _has}
 * ({@link ReadPathGuard#refuseOracles}); trusted systems get HAPI's own.
 */
@Interceptor
public final class HasResolution {

  /** {@code _has:Observation:subject:code} (the inner parameter may carry a modifier, as {@code code:text}). */
  static final Pattern PARAMETER = Pattern.compile(
      "_has:([A-Z][A-Za-z]{1,63}):([a-z][a-z0-9-]{0,63}):([a-z][a-z0-9-]{0,63}(?::[A-Za-z-]{1,32})?|_id|_lastUpdated|_tag|_security|_profile)");
  private static final String NOWHERE = "geen-match-";
  private static final String AS_ASKED = HasResolution.class.getName() + ".asAsked";
  private final DisclosureService service;
  private final MatchUrlService matchUrls;
  private final ISearchParamExtractor extractor;
  private final StoredSearchResults stored;
  private final int maxMatches;

  HasResolution(DisclosureService service, MatchUrlService matchUrls, ISearchParamExtractor extractor,
      StoredSearchResults stored, int maxMatches) {
    this.service = service;
    this.matchUrls = matchUrls;
    this.extractor = extractor;
    this.stored = stored;
    this.maxMatches = maxMatches;
  }

  // After the requester is known (order -1000), before HAPI binds the parameters to its search method.
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = 10)
  public void resolve(RequestDetails request) {
    if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE
        || request.getParameters().keySet().stream().noneMatch(name -> name.startsWith("_has"))) {
      return;
    }
    Optional<RequesterContext> requester = service.restrictedRequester(request);
    if (requester.isEmpty() || !requester.get().internal()) {
      return; // trusted systems: HAPI's own; outsiders: refused (ReadPathGuard)
    }
    String type = request.getResourceName();
    Map<String, String[]> rewritten = new LinkedHashMap<>(request.getParameters());
    Set<String> found = null;
    for (String name : List.copyOf(rewritten.keySet())) {
      if (!name.startsWith("_has")) {
        continue;
      }
      Matcher has = PARAMETER.matcher(name);
      if (!has.matches()) {
        throw new InvalidRequestException(Messages.text("has.oneLevel"));
      }
      for (String value : rewritten.remove(name)) {
        Set<String> referred = referred(request, requester.get(), type, has.group(1), has.group(2), has.group(3), value);
        if (found == null) {
          found = referred;
        } else {
          found.retainAll(referred);
        }
      }
    }
    if (found == null) {
      return;
    }
    if (found.size() > maxMatches) {
      throw new InvalidRequestException(Messages.text("has.tooMany", maxMatches));
    }
    List<String> ids = new ArrayList<>(found.isEmpty() ? List.of(NOWHERE + UUID.randomUUID()) : found);
    String[] asked = rewritten.get("_id");
    List<String> idValues = new ArrayList<>(asked == null ? List.of() : List.of(asked));
    idValues.add(String.join(",", ids));
    rewritten.put("_id", idValues.toArray(String[]::new));
    request.getUserData().put(AS_ASKED, new AsAsked(hasParameters(request.getParameters()), asked));
    request.setParameters(rewritten);
  }

  /**
   * Once HAPI has bound the rewritten parameters to its search, the request names the {@code _has} parameters again
   * (and no {@code _id} it did not ask for), so that the answer's self link is the query as asked. Later hooks on this
   * pointcut ({@link ReadPathGuard}, order 0) have looked already.
   */
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = 300)
  public void asAsked(RequestDetails request) {
    AsAsked asAsked = (AsAsked) request.getUserData().remove(AS_ASKED);
    if (asAsked == null) {
      return;
    }
    Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameters());
    if (asAsked.id() == null) {
      parameters.remove("_id");
    } else {
      parameters.put("_id", asAsked.id());
    }
    parameters.putAll(asAsked.has());
    request.setParameters(parameters);
  }

  private record AsAsked(Map<String, String[]> has, String[] id) {}

  private static Map<String, String[]> hasParameters(Map<String, String[]> parameters) {
    Map<String, String[]> has = new LinkedHashMap<>();
    parameters.forEach((name, values) -> {
      if (name.startsWith("_has")) {
        has.put(name, values);
      }
    });
    return has;
  }

  /** Ids of the {@code type} records that the requester's visible {@code inner} matches refer to by {@code field}. */
  private Set<String> referred(RequestDetails request, RequesterContext requester, String type, String inner,
      String field, String parameter, String value) {
    if (!service.daos().isResourceTypeSupported(inner)) {
      throw new InvalidRequestException(Messages.text("has.unknownType", inner));
    }
    RuntimeResourceDefinition definition = service.fhirContext().getResourceDefinition(inner);
    RuntimeSearchParam reference = definition.getSearchParam(field);
    if (reference == null || reference.getParamType() != RestSearchParameterTypeEnum.REFERENCE
        || !reference.getTargets().isEmpty() && !reference.getTargets().contains(type)) {
      throw new InvalidRequestException(Messages.text("has.notAReference", inner, field, type));
    }
    SearchParameterMap criteria = matchUrls.translateMatchUrl(
        inner + "?" + UrlUtil.escapeUrlParam(parameter) + "=" + UrlUtil.escapeUrlParam(value), definition);
    DisclosureRequest state = DisclosureRequest.of(request).orElseGet(() -> {
      DisclosureRequest begun = service.begin(requester);
      begun.attachTo(request); // kept for the audit when the consent interceptor attaches its own
      return begun;
    });
    Set<String> referred = new LinkedHashSet<>();
    Consumer<IBaseResource> take = match -> {
      // the inner search decided each match as it stored it (that decision is audited); decided here only if not
      Outcome outcome = state.decided(match.fhirType() + "/" + match.getIdElement().getIdPart())
          .orElseGet(() -> service.decide(state, match)).outcome();
      if (outcome != Outcome.PERMIT) {
        return; // hidden, or shown only in part: the inner criterion may have matched what is not shown
      }
      for (IBase element : extractor.extractValues(reference.getPath(), match)) {
        if (element instanceof IBaseReference target) {
          IIdType id = target.getReferenceElement();
          if (id != null && id.hasIdPart() && !id.isAbsolute() && type.equals(id.getResourceType())) {
            referred.add(id.getIdPart());
          }
        }
      }
    };
    @SuppressWarnings("unchecked")
    IFhirResourceDao<IBaseResource> dao = (IFhirResourceDao<IBaseResource>) service.daos().getResourceDao(inner);
    IBundleProvider matches = dao.search(criteria, request);
    if (matches.getUuid() == null) {
      Integer size = matches.size();
      matches.getResources(0, size == null ? Integer.MAX_VALUE : size).forEach(take);
    } else {
      stored.readToEnd(request, matches.getUuid(), (from, to) -> {
        List<IBaseResource> page = matches.getResources(from, to);
        page.forEach(take);
        return page.size();
      });
    }
    return referred;
  }
}
