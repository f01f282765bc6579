package nl.sluis.disclosure;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOperationStatusEnum;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.sluis.disclosure.engine.DisclosureDecision;
import nl.sluis.disclosure.engine.Obligation;
import nl.sluis.disclosure.engine.Outcome;
import nl.sluis.security.RequesterContext;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Applies disclosure decisions through HAPI's consent hooks, which every read path passes (read, vread,
 * search, includes, history, paging, $everything, batch entries): a denied resource is treated exactly
 * as one that does not exist. Decisions needing a transformation Sluis cannot make yet fail closed.
 */
public class DisclosureConsentService implements IConsentService {

  private static final String DECISIONS = DisclosureConsentService.class.getName() + ".decisions";
  private static final String DECIDED_OUTPUT = DisclosureConsentService.class.getName() + ".decidedOutput";
  private static final Set<String> ENVELOPES = Set.of("Bundle", "OperationOutcome", "Parameters", "CapabilityStatement");
  private static final Set<RestOperationTypeEnum> WRITES = Set.of(RestOperationTypeEnum.CREATE,
      RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE);
  private final DisclosureService service;
  private final Redaction redaction = new Redaction();

  public DisclosureConsentService(DisclosureService service) {
    this.service = service;
  }

  @Override
  public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices context) {
    Optional<RequesterContext> requester = RequesterContext.of(request);
    if (requester.isEmpty() || service.isTrusted(requester.get())) {
      return ConsentOutcome.AUTHORIZED; // public endpoints, or the organisation's own trusted systems
    }
    service.begin(requester.get()).attachTo(request);
    // Created here, single-threaded: batch entries may later be processed on parallel threads.
    request.getUserData().put(DECISIONS, new java.util.concurrent.ConcurrentHashMap<String, DisclosureDecision>());
    OwnWrites.prepare(request);
    return ConsentOutcome.PROCEED;
  }

  @Override
  public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices context) {
    if (OwnWrites.writtenByThisRequest(request, resource) || isDecidedOutput(request, resource)) {
      return ConsentOutcome.PROCEED; // a transaction re-reading what it has just written; an operation's output
    }
    DisclosureDecision decision = decision(request, resource);
    if (decision == null) {
      return ConsentOutcome.PROCEED;
    }
    return applicable(decision) ? ConsentOutcome.PROCEED : ConsentOutcome.REJECT;
  }

  /**
   * Content an operation made from records it decided on itself (an anonymised summary: its copies carry
   * pseudonyms as ids and references, which name no client the engine could look up). Deciding on the copies
   * again would withhold what was permitted.
   */
  static void decidedByOperation(RequestDetails request, IBaseResource output) {
    @SuppressWarnings("unchecked")
    java.util.Set<IBaseResource> decided = (java.util.Set<IBaseResource>) request.getUserData().computeIfAbsent(
        DECIDED_OUTPUT, key -> java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>())));
    decided.add(output);
  }

  private static boolean isDecidedOutput(RequestDetails request, IBaseResource resource) {
    Object decided = request.getUserData().get(DECIDED_OUTPUT);
    return decided != null && ((java.util.Set<?>) decided).contains(resource);
  }

  @Override
  public ConsentOutcome willSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices context) {
    if (ENVELOPES.contains(resource.fhirType())) {
      // Response envelopes (search sets, outcomes): their entries are decided one by one. A stored Bundle was
      // already refused by canSeeResource.
      return ConsentOutcome.PROCEED;
    }
    if (isDecidedOutput(request, resource)) {
      return ConsentOutcome.AUTHORIZED;
    }
    if (WRITES.contains(request.getRestOperationType()) && DisclosureRequest.of(request).isPresent()
        && !DisclosureRequest.of(request).get().isOutsider()) {
      return ConsentOutcome.AUTHORIZED; // an internal user's own write echoed back
    }
    DisclosureDecision decision = decision(request, resource);
    if (decision == null) {
      return ConsentOutcome.PROCEED;
    }
    if (!applicable(decision)) {
      return ConsentOutcome.REJECT;
    }
    // AUTHORIZED: the decision covers the resource as a whole, so HAPI does not go on to visit (and decide,
    // and audit) its contained resources one by one; it would also replace them inside the original while
    // iterating it, after the redacted copy already took the original's place.
    // HAPI still walks into a resource it saw authorised before (a search's entry, decided when shown) and would
    // decide its contained resources one by one, replacing a refused one inside the list it is iterating (a
    // ConcurrentModificationException, answered 500): they are part of the record just decided.
    containedCoveredBy(request, resource);
    if (decision.obligations().contains(Obligation.REDACT_FREE_TEXT)
        || decision.obligations().contains(Obligation.MINIMUM_NECESSARY)) {
      IBaseResource redacted = redaction.withoutFreeText(resource);
      containedCoveredBy(request, redacted);
      return new ConsentOutcome(ConsentOperationStatusEnum.AUTHORIZED, redacted);
    }
    return ConsentOutcome.AUTHORIZED;
  }

  private static void containedCoveredBy(RequestDetails request, IBaseResource resource) {
    if (resource instanceof org.hl7.fhir.r4.model.DomainResource domain) {
      domain.getContained().forEach(contained -> decidedByOperation(request, contained));
    }
  }

  /** Decisions we can carry out: permit, and permit with the free-text/minimum-necessary redaction. */
  private static boolean applicable(DisclosureDecision decision) {
    if (decision.outcome() == Outcome.PERMIT) {
      return true;
    }
    if (decision.outcome() == Outcome.PERMIT_WITH_OBLIGATIONS) {
      return decision.obligations().stream().allMatch(o ->
          o == Obligation.REDACT_FREE_TEXT || o == Obligation.MINIMUM_NECESSARY);
    }
    return false; // DENY (DisclosureService turned what cannot be carried out into DENY already)
  }

  @SuppressWarnings("unchecked")
  private DisclosureDecision decision(RequestDetails request, IBaseResource resource) {
    Optional<DisclosureRequest> state = DisclosureRequest.of(request);
    if (state.isEmpty()) {
      return null;
    }
    Map<String, DisclosureDecision> decisions = (Map<String, DisclosureDecision>)
        request.getUserData().computeIfAbsent(DECISIONS, key -> new java.util.concurrent.ConcurrentHashMap<String, DisclosureDecision>());
    if (!resource.getIdElement().hasIdPart()) {
      return service.decide(state.get(), resource); // unstored operation output: no id to remember it by
    }
    String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart() + "/"
        + resource.getMeta().getVersionId();
    return decisions.computeIfAbsent(key, k -> isDeletion(resource) ? deletion(state.get(), resource)
        : service.decide(state.get(), resource));
  }

  /** A deletion in a history: an empty resource that carries only its id, version and deletion time. */
  private static boolean isDeletion(IBaseResource resource) {
    return resource instanceof org.hl7.fhir.instance.model.api.IAnyResource any
        && ca.uhn.fhir.model.api.ResourceMetadataKeyEnum.DELETED_AT.get(any) != null;
  }

  /**
   * A deletion is shown only to a requester who could see the version before it (as a read of a deleted record
   * answers 410 only to such a requester); the deletion itself names no client.
   */
  private DisclosureDecision deletion(DisclosureRequest state, IBaseResource deletion) {
    Long version = deletion.getIdElement().getVersionIdPartAsLong();
    String reference = deletion.fhirType() + "/" + deletion.getIdElement().getIdPart();
    return state.records().version(reference, version == null ? 0 : version - 1)
        .map(before -> service.decide(state, before))
        .orElseGet(() -> DisclosureDecision.deny("A deletion whose earlier version cannot be read",
            nl.sluis.disclosure.engine.Basis.policy("policy:deletion-without-earlier-version")));
  }
}
