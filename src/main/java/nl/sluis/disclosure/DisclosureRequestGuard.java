package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.sluis.security.RequesterContext;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Request-level rules for requesters whose reads are filtered, closing the paths by which a hidden
 * resource could still be inferred: existence oracles (conditional writes, {@code _has}, chained
 * parameters, counts, history with its deleted entries), $everything on a hidden patient, other requesters' result
 * pages, operations outside a short list, writes by outsiders, and error messages that differ between
 * "hidden" and "missing".
 */
@Interceptor
public class DisclosureRequestGuard {

  /** Operations a restricted requester may call; all others are refused. */
  static final Set<String> OPERATIONS_FOR_RESTRICTED = Set.of("$requester", "$everything", "$expand", "$lookup",
      "$validate-code", "$validate", "$explain-disclosure",
      // decide themselves: $extract reads the response with the requester's own checks, $anonymised-summary
      // is for internal users and decides on the response and each finding
      "$extract", "$anonymised-summary",
      // the audit trail's views (nl.sluis.audit): they check the caller's role and answer codes and references only
      "$verify-audit-chain", "$disclosure-report", "$disclosure-overview");
  private static final String PAGING = "_getpages";
  /** A reference value that is a match URL, in a patch body (JSON or XML): {@code "reference":"Type?..."}. */
  private static final java.util.regex.Pattern MATCH_URL_REFERENCE =
      java.util.regex.Pattern.compile("reference\"?\\s*(:|value=)\\s*\"[A-Za-z]+\\?");
  private final DisclosureService service;
  /** Which requester created which search (page links are per requester, on every node). */
  private final SearchPageOwners searchOwners;

  DisclosureRequestGuard(DisclosureService service, SearchPageOwners searchOwners) {
    this.service = service;
    this.searchOwners = searchOwners;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void guard(RequestDetails request, RestOperationTypeEnum operation) {
    if (operation == RestOperationTypeEnum.GET_PAGE) {
      checkPageOwner(request);
    }
    Optional<RequesterContext> requester = RequesterContext.of(request);
    if (requester.isEmpty() || service.isTrusted(requester.get())) {
      return;
    }
    boolean outsider = !requester.get().internal();
    refuseOracles(request);
    switch (operation) {
      case CREATE, UPDATE, PATCH, DELETE -> {
        if (outsider) {
          throw new ForbiddenOperationException("Writes by external organisations and patient-facing apps are "
              + "not supported");
        }
        refuseConditional(request, operation);
        refuseConditionalReferences(request);
        if (operation != RestOperationTypeEnum.CREATE) {
          requireVisibleTarget(request, requester.get());
        }
      }
      case TRANSACTION, BATCH -> {
        refuseBundleWrites(request, outsider);
        refuseConditionalReferences(request);
      }
      case HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM -> throw new ForbiddenOperationException(
          "History is not available to this requester");
      case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER -> {
        if (!OPERATIONS_FOR_RESTRICTED.contains(request.getOperation())) {
          throw new ForbiddenOperationException("Operation " + request.getOperation()
              + " is not available to this requester");
        }
        if (operation == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE && "$validate".equals(request.getOperation())) {
          throw new ForbiddenOperationException("$validate on a stored resource is not available to this requester; "
              + "validate at type level");
        }
        if ("$everything".equals(request.getOperation())) {
          requireVisiblePatient(request, service.begin(requester.get()), operation);
        }
      }
      case META, META_ADD, META_DELETE -> throw new ForbiddenOperationException(
          "$meta is not available to this requester");
      default -> { }
    }
  }

  /**
   * Remembers who created a search, so that its pages serve only that requester; and makes "hidden" and
   * "missing" batch entries answer alike.
   */
  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public void outgoing(RequestDetails request, IBaseResource response) {
    rememberSearchOwner(request, response);
    if (response instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.BATCHRESPONSE
        && RequesterContext.of(request).filter(r -> !service.isTrusted(r)).isPresent()
        && request.getResource() instanceof Bundle batch) {
      uniformEntryErrors(batch, bundle);
    }
  }

  private static void uniformEntryErrors(Bundle batch, Bundle response) {
    for (int i = 0; i < response.getEntry().size() && i < batch.getEntry().size(); i++) {
      Bundle.BundleEntryResponseComponent answer = response.getEntry().get(i).getResponse();
      String status = answer.getStatus() == null ? "" : answer.getStatus();
      if (status.startsWith("404") || status.startsWith("410")) {
        String url = batch.getEntry().get(i).getRequest().getUrl();
        String target = url == null ? "" : url.split("\\?")[0].replaceAll("/_history/.*$", "");
        answer.setStatus("404 Not Found");
        answer.setOutcome(new org.hl7.fhir.r4.model.OperationOutcome().addIssue(
            new org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent()
                .setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
                .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTFOUND)
                .setDiagnostics("Resource " + target + " is not known")));
      }
    }
  }

  private void rememberSearchOwner(RequestDetails request, IBaseResource response) {
    if (response instanceof Bundle bundle && bundle.getLink("next") != null) {
      String next = bundle.getLink("next").getUrl();
      int at = next.indexOf(PAGING + "=");
      if (at >= 0) {
        String id = next.substring(at + PAGING.length() + 1).split("&")[0];
        searchOwners.remember(id, owner(request));
      }
    }
  }

  /** A hidden resource answers exactly like a missing one, whatever HAPI's own message would be. */
  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException uniformNotFound(RequestDetails request, Throwable exception) {
    if (request == null || RequesterContext.of(request).isEmpty() || service.isTrusted(RequesterContext.of(request).get())
        || request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE) {
      return null;
    }
    if (exception instanceof ResourceNotFoundException || exception instanceof ResourceGoneException) {
      String target = request.getId() != null && request.getId().hasIdPart()
          ? request.getResourceName() + "/" + request.getId().getIdPart()
          : request.getResourceName();
      return new ResourceNotFoundException("Resource " + target + " is not known");
    }
    return null;
  }

  /**
   * A restricted requester may change or delete only what it may see: otherwise the write would reveal
   * (and change) a hidden record, and answers exactly as for a missing one.
   */
  // Before every other write rule (order): their answers (e.g. a 422 naming the client's age) must not
  // tell anything about a client the writer may not see.
  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -100)
  public void updateOnlyVisible(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    refuseHidden(request, previous);
    requireVisibleClients(request, updated);
    requireVisibleReferences(request, updated, previous);
    onlyAuthorisedAuthors(request, updated);
    if (request != null) {
      writtenHere(request).add(updated);
    }
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -100)
  public void createByAuthorisedAuthors(IBaseResource created, RequestDetails request) {
    requireVisibleClients(request, created);
    requireVisibleReferences(request, created, null);
    onlyAuthorisedAuthors(request, created);
    if (request != null) {
      writtenHere(request).add(created);
    }
  }

  /**
   * The organisation policy is written by the privacy officer only; a legal ground (disclosure without
   * consent) only by a professional whose role the policy allows to record one.
   */
  private void onlyAuthorisedAuthors(RequestDetails request, IBaseResource resource) {
    if (request == null || !(resource instanceof org.hl7.fhir.r4.model.Consent consent)) {
      return;
    }
    Optional<RequesterContext> requester = RequesterContext.of(request);
    if (requester.isEmpty() || service.isTrusted(requester.get())) {
      return;
    }
    String role = requester.get().roleCode();
    if (ConsentMapping.isOrganisationPolicy(consent)
        && !(requester.get().internal() && ExplainDisclosureOperation.PRIVACY_OFFICER_ROLE.equals(role))) {
      throw new ForbiddenOperationException("Only the privacy officer may write the organisation policy");
    }
    boolean legalGround = consent.getPolicyRule().getCoding().stream()
        .anyMatch(c -> FhirCodes.LEGAL_GROUND.equals(c.getSystem()) && !"consent".equals(c.getCode()));
    if (legalGround && !(requester.get().internal()
        && service.begin(requester.get()).legalGroundRoles().contains(role))) {
      throw new ForbiddenOperationException("Your role may not record a legal ground for disclosure without "
          + "consent (see the organisation policy)");
    }
  }

  /**
   * A restricted requester writes only about clients it may see: otherwise a CareTeam naming oneself would
   * grant need-to-know, and the write's outcome would tell whether the client exists. A client that does not
   * exist answers exactly the same (HAPI's own missing-reference error would differ). A client created by
   * this same request (a transaction) is the requester's own.
   */
  private void requireVisibleClients(RequestDetails request, IBaseResource written) {
    Optional<DisclosureRequest> restricted = request == null ? Optional.empty() : DisclosureRequest.of(request);
    if (restricted.isEmpty() || "Patient".equals(written.fhirType())) {
      return; // trusted systems and public requests carry no state; a Patient's own visibility: refuseHidden
    }
    for (nl.sluis.disclosure.engine.ResourceFacts facts : restricted.get().resources().facts(written)) {
      if (facts.clientId() == null) {
        continue;
      }
      String patient = "Patient/" + facts.clientId();
      if (createdByThisRequest(request, patient)) {
        continue;
      }
      boolean visible = restricted.get().records().<IBaseResource>read(patient)
          .map(stored -> service.decide(restricted.get(), stored).isDisclosed())
          .orElse(false);
      if (!visible) {
        throw new InvalidRequestException("Resource " + patient + " is not known");
      }
    }
  }

  /**
   * Every other record a restricted requester's write refers to must be one it may see, or the write's
   * outcome (HAPI's referential integrity: 400 "not found" against 201) tells whether a record it may not
   * see exists. Hidden and missing answer alike. References the previous version already held reveal
   * nothing new (the writer may see that version), so an update that keeps them is not refused; an inline
   * match URL (a conditional reference) would be a search as the system, so it is refused outright.
   */
  private void requireVisibleReferences(RequestDetails request, IBaseResource written, IBaseResource previous) {
    Optional<DisclosureRequest> restricted = request == null ? Optional.empty() : DisclosureRequest.of(request);
    if (restricted.isEmpty()) {
      return;
    }
    Set<String> kept = previous == null ? Set.of() : references(previous);
    for (String reference : references(written)) {
      if (reference.contains("?")) {
        throw new InvalidRequestException("Conditional references are not available to this requester: their "
            + "outcome would reveal whether records it may not see exist");
      }
      if (kept.contains(reference) || createdByThisRequest(request, reference)) {
        continue;
      }
      boolean visible = restricted.get().records().<IBaseResource>read(reference)
          .map(stored -> service.decide(restricted.get(), stored).isDisclosed())
          .orElse(false);
      if (!visible) {
        throw new InvalidRequestException("Resource " + reference + " is not known");
      }
    }
  }

  /** The resource's references to other records on this server, as Type/id (or the match URL). */
  private Set<String> references(IBaseResource resource) {
    Set<String> found = new java.util.LinkedHashSet<>();
    for (IBaseReference reference : service.fhirContext().newTerser()
        .getAllPopulatedChildElementsOfType(resource, IBaseReference.class)) {
      IIdType id = reference.getReferenceElement();
      if (id == null || id.isEmpty() || id.isLocal() || id.isAbsolute() || !id.hasResourceType()) {
        continue; // contained, external or logical: no record here to reveal
      }
      String value = id.getValue();
      found.add(value.contains("?") ? value : id.getResourceType() + "/" + id.getIdPart());
    }
    return found;
  }

  /** Ids are assigned when a resource is stored, so the objects this request wrote are compared by id now. */
  private static boolean createdByThisRequest(RequestDetails request, String reference) {
    Object created = request.getUserData().get(CREATED_HERE);
    if (created != null && ((java.util.Set<?>) created).contains(reference)) {
      return true;
    }
    Object written = request.getUserData().get(WRITTEN_HERE);
    if (written == null) {
      return false;
    }
    synchronized (written) {
      for (Object resource : (java.util.Set<?>) written) {
        IBaseResource stored = (IBaseResource) resource;
        if (stored.getIdElement().hasIdPart()
            && reference.equals(stored.fhirType() + "/" + stored.getIdElement().getIdPart())) {
          return true;
        }
      }
    }
    return false;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void deleteOnlyVisible(IBaseResource resource, RequestDetails request) {
    refuseHidden(request, resource);
  }

  private void refuseHidden(RequestDetails request, IBaseResource stored) {
    if (request == null || writtenByThisRequest(request, stored)) {
      // A transaction rewrites references in resources it has just created: those are the requester's own
      // content (and not yet readable), not a hidden record. Refusing them would break the transaction.
      return;
    }
    Optional<DisclosureRequest> restricted = DisclosureRequest.of(request);
    if (restricted.isPresent() && !service.decide(restricted.get(), stored).isDisclosed()) {
      throw new ResourceNotFoundException("Resource " + stored.fhirType() + "/" + stored.getIdElement().getIdPart()
          + " is not known");
    }
  }

  private static final String CREATED_HERE = DisclosureRequestGuard.class.getName() + ".created";
  private static final String WRITTEN_HERE = DisclosureRequestGuard.class.getName() + ".written";

  /**
   * Remembers what this request wrote: a transaction re-reads what it has just written (to rewrite
   * references) before it commits, and that is the requester's own content, not a disclosure.
   */
  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void rememberCreated(IBaseResource created, RequestDetails request) {
    if (request != null && created.getIdElement().hasIdPart()) {
      createdHere(request).add(created.fhirType() + "/" + created.getIdElement().getIdPart());
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void rememberUpdated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    rememberCreated(updated, request);
  }

  /** Whether this request itself wrote the resource (its own content, already allowed). */
  static boolean writtenByThisRequest(RequestDetails request, IBaseResource stored) {
    Object created = request.getUserData().get(CREATED_HERE);
    Object written = request.getUserData().get(WRITTEN_HERE);
    return (written != null && ((java.util.Set<?>) written).contains(stored))
        || (created != null && stored.getIdElement().hasIdPart()
            && ((java.util.Set<?>) created).contains(stored.fhirType() + "/" + stored.getIdElement().getIdPart()));
  }

  /** The resource objects this request is storing (HAPI shows them to the access hooks before commit). */
  @SuppressWarnings("unchecked")
  private static java.util.Set<IBaseResource> writtenHere(RequestDetails request) {
    return (java.util.Set<IBaseResource>) request.getUserData().computeIfAbsent(WRITTEN_HERE,
        key -> java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>())));
  }

  @SuppressWarnings("unchecked")
  private static java.util.Set<String> createdHere(RequestDetails request) {
    return (java.util.Set<String>) request.getUserData().computeIfAbsent(CREATED_HERE,
        key -> java.util.concurrent.ConcurrentHashMap.newKeySet());
  }

  /** Creates the per-request sets up front, before HAPI may use parallel threads for batch entries. */
  static void prepare(RequestDetails request) {
    createdHere(request);
    writtenHere(request);
  }



  /**
   * Update, patch and delete by id only on a record the requester may see. A missing id answers the
   * same way (no update-as-create, no "nothing to delete" 200), so the outcome reveals nothing.
   */
  private void requireVisibleTarget(RequestDetails request, RequesterContext requester) {
    if (request.getId() == null || !request.getId().hasIdPart()) {
      return;
    }
    String target = request.getResourceName() + "/" + request.getId().getIdPart();
    DisclosureRequest state = service.begin(requester);
    boolean visible = state.records().<IBaseResource>read(target)
        .map(stored -> service.decide(state, stored).isDisclosed())
        .orElse(false);
    if (!visible) {
      throw new ResourceNotFoundException("Resource " + target + " is not known");
    }
  }

  /** $everything only on one patient the requester may see; otherwise it answers like a missing patient. */
  private void requireVisiblePatient(RequestDetails request, DisclosureRequest restricted,
      RestOperationTypeEnum operation) {
    if (operation != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE || request.getId() == null) {
      throw new ForbiddenOperationException("$everything is available to this requester for one patient only");
    }
    String patient = "Patient/" + request.getId().getIdPart();
    boolean visible = restricted.records().<IBaseResource>read(patient)
        .map(resource -> service.decide(restricted, resource).isDisclosed())
        .orElse(false);
    if (!visible) {
      throw new ResourceNotFoundException("Resource " + patient + " is not known");
    }
  }

  private void checkPageOwner(RequestDetails request) {
    String[] ids = request.getParameters().get(PAGING);
    if (ids == null || ids.length == 0 || !searchOwners.isOwnedBy(ids[0], owner(request))) {
      throw new ResourceGoneException("Search id is not known or has expired; run the search again");
    }
  }

  private static String owner(RequestDetails request) {
    return RequesterContext.of(request)
        .map(r -> r.organizationUra() + "|" + r.userId() + "|" + r.fhirUser() + "|" + r.purposeOfUse()
            + "|" + r.clientId())
        .orElse("anonymous");
  }

  private static void refuseOracles(RequestDetails request) {
    for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
      String name = parameter.getKey();
      if (name.startsWith("_has")) {
        throw new InvalidRequestException("_has is not available to this requester: it would reveal records "
            + "it may not see");
      }
      if (!name.startsWith("_") && name.contains(".")) {
        throw new InvalidRequestException("Chained search parameters are not available to this requester: they "
            + "would reveal records it may not see");
      }
      if (name.equals("_summary") && Set.of(parameter.getValue()).contains("count") || name.equals("_total")) {
        throw new InvalidRequestException("Counts are not available to this requester");
      }
    }
  }

  /**
   * An inline match URL as a reference ({@code Observation?code=x}) is resolved by HAPI with a search as the
   * system, before any storage hook, and its answer (412 several, 400 none, 201 one) reveals what matched.
   * Checked on the request: the resource or bundle as parsed, and a patch's body as text.
   */
  private void refuseConditionalReferences(RequestDetails request) {
    boolean conditional;
    if (request.getResource() != null) {
      conditional = service.fhirContext().newTerser()
          .getAllPopulatedChildElementsOfType(request.getResource(), IBaseReference.class).stream()
          .map(IBaseReference::getReferenceElement)
          .anyMatch(id -> id != null && id.getValue() != null && !id.isAbsolute() && id.getValue().contains("?"));
    } else {
      byte[] body = request.loadRequestContents();
      conditional = body != null
          && MATCH_URL_REFERENCE.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8)).find();
    }
    if (conditional) {
      throw new InvalidRequestException("Conditional references are not available to this requester: their "
          + "outcome would reveal whether records it may not see exist");
    }
  }

  private static void refuseConditional(RequestDetails request, RestOperationTypeEnum operation) {
    boolean conditionalUrl = operation != RestOperationTypeEnum.CREATE && request.getId() == null
        && request.getConditionalUrl(operation) != null;
    if (request.getHeader("If-None-Exist") != null || conditionalUrl) {
      throw new InvalidRequestException("Conditional writes are not available to this requester: their outcome "
          + "would reveal whether records it may not see exist");
    }
  }

  private static void refuseBundleWrites(RequestDetails request, boolean outsider) {
    if (!(request.getResource() instanceof Bundle bundle)) {
      return;
    }
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Bundle.BundleEntryRequestComponent call = entry.getRequest();
      boolean read = call.getMethod() == Bundle.HTTPVerb.GET || call.getMethod() == Bundle.HTTPVerb.HEAD;
      if (!read && outsider) {
        throw new ForbiddenOperationException("Writes by external organisations and patient-facing apps are "
            + "not supported");
      }
      String url = call.getUrl() == null ? "" : call.getUrl();
      boolean conditional = call.hasIfNoneExist() || (!read && url.contains("?"));
      if (conditional) {
        throw new InvalidRequestException("Conditional writes are not available to this requester: their outcome "
            + "would reveal whether records it may not see exist");
      }
      if (read && url.contains("?")) {
        String query = url.substring(url.indexOf('?') + 1);
        for (String pair : query.split("&")) {
          String name = pair.split("=")[0];
          if (name.startsWith("_has") || (!name.startsWith("_") && name.contains("."))
              || name.equals("_total") || pair.equals("_summary=count")) {
            throw new InvalidRequestException("_has, chained parameters and counts are not available to this "
                + "requester");
          }
        }
      }
      if (read && url.contains("_history")) {
        throw new ForbiddenOperationException("History is not available to this requester");
      }
      if (read && url.contains("$") && !url.contains("$everything")) {
        throw new ForbiddenOperationException("Operations in a batch are not available to this requester");
      }
    }
  }
}
