package nl.sluis.disclosure;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import nl.sluis.disclosure.engine.DisclosureDecision;
import nl.sluis.disclosure.engine.Obligation;
import nl.sluis.disclosure.engine.Outcome;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A chained identifier search by one of the organisation's own professionals — {@code
 * Observation?subject:Patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn|…}, how an EHR finds a client's
 * records by BSN — is resolved among the records the requester may see: the identifier is looked up as the system
 * (at most {@code max-conditional-candidates} records; an identifier value names few), each record is decided
 * with the read path's decision, and the chain is replaced by references to the ones the requester may see as
 * they are (no redaction of what the chain looked at), or by a reference to no record. A hidden client with that
 * BSN therefore answers exactly like an unknown BSN, and the rows found are decided one by one as in any search.
 *
 * <p>Other chains (on names, dates, nested chains) would let a visible record tell about a referenced one the
 * requester may not see, and a candidate bound on a broad criterion would count hidden records: they stay
 * refused ({@link ReadPathGuard#refuseOracles}), as do chains for outside requesters. This hook refuses again
 * whatever chain reaches a restricted requester's search by another way.
 */
@Interceptor
public class IdentifierChains {

  /** {@code subject.identifier}, {@code subject:Patient.identifier}: one level, no modifier. */
  static final Pattern PARAMETER = Pattern.compile("[a-z][a-z0-9-]*(:[A-Z][A-Za-z]+)?\\.identifier");
  private static final String NOWHERE = "geen-match-";
  private static final Set<Obligation> SHOWS_IDENTIFIERS = Set.of(Obligation.REDACT_FREE_TEXT);
  private final DisclosureService service;
  private final int maxCandidates;

  IdentifierChains(DisclosureService service, int maxCandidates) {
    this.service = service;
    this.maxCandidates = maxCandidates;
  }

  /** Whether a request parameter is a chain this class resolves for an internal requester. */
  static boolean isIdentifierChain(String name, String[] values) {
    if (!PARAMETER.matcher(name).matches() || values == null || values.length == 0) {
      return false;
    }
    for (String value : values) {
      for (String one : value.split(",", -1)) {
        String code = one.contains("|") ? one.substring(one.indexOf('|') + 1) : one;
        if (code.isBlank()) {
          return false;
        }
      }
    }
    return true;
  }

  @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
  public void resolve(RequestDetails request, SearchParameterMap criteria, ICachedSearchDetails search) {
    if (request == null || criteria.values().stream().flatMap(List::stream).flatMap(List::stream)
        .noneMatch(IdentifierChains::chained)) {
      return;
    }
    Optional<RequesterContext> requester = service.restrictedRequester(request);
    if (requester.isEmpty()) {
      return;
    }
    if (!requester.get().internal()) {
      throw refused();
    }
    DisclosureRequest state = DisclosureRequest.of(request).orElseGet(() -> service.begin(requester.get()));
    for (Map.Entry<String, List<List<IQueryParameterType>>> parameter : criteria.entrySet()) {
      for (List<IQueryParameterType> alternatives : parameter.getValue()) {
        if (alternatives.stream().noneMatch(IdentifierChains::chained)) {
          continue;
        }
        List<IQueryParameterType> resolved = new ArrayList<>();
        String anyTarget = null;
        for (IQueryParameterType alternative : alternatives) {
          if (!chained(alternative)) {
            resolved.add(alternative);
            continue;
          }
          ReferenceParam chain = (ReferenceParam) alternative;
          Set<String> targets = targets(search.getResourceType(), parameter.getKey(), chain);
          anyTarget = targets.iterator().next();
          for (String target : targets) {
            resolved.addAll(visible(state, target, chain));
          }
        }
        if (resolved.isEmpty()) {
          resolved.add(new ReferenceParam(anyTarget + "/" + NOWHERE + UUID.randomUUID()));
        }
        alternatives.clear();
        alternatives.addAll(resolved);
      }
    }
  }

  private static boolean chained(IQueryParameterType value) {
    return value instanceof ReferenceParam reference && reference.hasChain();
  }

  private Set<String> targets(String searchedType, String parameter, ReferenceParam chain) {
    if (!"identifier".equals(chain.getChain())) {
      throw refused();
    }
    if (chain.getResourceType() != null) {
      return Set.of(chain.getResourceType());
    }
    RuntimeResourceDefinition definition = service.fhirContext().getResourceDefinition(searchedType);
    RuntimeSearchParam reference = definition.getSearchParam(parameter);
    Set<String> targets = new LinkedHashSet<>();
    if (reference != null) {
      for (String target : reference.getTargets()) {
        if (service.daos().isResourceTypeSupported(target)
            && service.fhirContext().getResourceDefinition(target).getSearchParam("identifier") != null) {
          targets.add(target);
        }
      }
    }
    if (targets.isEmpty()) {
      throw new InvalidRequestException(Messages.text("chain.targetType", parameter));
    }
    return targets;
  }

  private List<ReferenceParam> visible(DisclosureRequest state, String type, ReferenceParam chain) {
    TokenParam identifier = chain.toTokenParam(service.fhirContext());
    if (identifier.getValue() == null || identifier.getValue().isBlank() || identifier.getModifier() != null) {
      throw refused();
    }
    SearchParameterMap candidates = SearchParameterMap.newSynchronous("identifier", identifier);
    candidates.setLoadSynchronousUpTo(maxCandidates + 1);
    @SuppressWarnings("unchecked")
    IFhirResourceDao<IBaseResource> dao = (IFhirResourceDao<IBaseResource>) service.daos().getResourceDao(type);
    List<IResourcePersistentId<?>> ids = dao.searchForIds(candidates, new SystemRequestDetails());
    if (ids.size() > maxCandidates) {
      throw new InvalidRequestException(Messages.text("chain.tooManyCandidates", maxCandidates));
    }
    List<ReferenceParam> references = new ArrayList<>();
    for (IResourcePersistentId<?> id : ids) {
      IBaseResource candidate = dao.readByPid(id);
      if (candidate != null && shownAsItIs(service.decide(state, candidate))) {
        references.add(new ReferenceParam(type + "/" + candidate.getIdElement().getIdPart()));
      }
    }
    return references;
  }

  /** Disclosed with its identifiers: the chain then tells nothing a read of the record would not. */
  private static boolean shownAsItIs(DisclosureDecision decision) {
    return decision.outcome() == Outcome.PERMIT || (decision.outcome() == Outcome.PERMIT_WITH_OBLIGATIONS
        && SHOWS_IDENTIFIERS.containsAll(decision.obligations()));
  }

  static InvalidRequestException refused() {
    return new InvalidRequestException(Messages.text("chain.closed"));
  }
}
