package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import nl.sluis.disclosure.engine.ResourceFacts;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The write paths of requesters whose reads are filtered. Outsiders (external organisations, patient-facing
 * apps) do not write. Internal users write only what cannot reveal or change a record they may not see:
 * conditional writes resolved among the records they may see ({@link ConditionalMatches}), no conditional
 * references (their outcome is a search as the system), no change to a hidden record
 * (answers like a missing one, also for update-as-create), no record about a client they may not see, no
 * reference to a record they may not see. The organisation policy and legal grounds only by the roles allowed.
 * The request-level rules run before HAPI does any work; the storage hooks see every write of the request,
 * also inside batches and transactions.
 */
@Interceptor
public class WritePathGuard {

  private final DisclosureService service;

  WritePathGuard(DisclosureService service) {
    this.service = service;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void guard(RequestDetails request, RestOperationTypeEnum operation) {
    if (!Set.of(RestOperationTypeEnum.CREATE, RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH,
        RestOperationTypeEnum.DELETE).contains(operation)) {
      return;
    }
    Optional<RequesterContext> requester = service.restrictedRequester(request);
    if (requester.isEmpty()) {
      return;
    }
    if (!requester.get().internal()) {
      throw outsiderWrite();
    }
    ConditionalMatches.refuseWhatPrepareFound(request);
    ConditionalReferences.refuse(service.fhirContext(), request);
    if (operation != RestOperationTypeEnum.CREATE) {
      requireVisibleTarget(request, requester.get());
    }
  }

  static ForbiddenOperationException outsiderWrite() {
    return new ForbiddenOperationException(Messages.text("write.outsidersClosed"));
  }

  static InvalidRequestException ifNoneExistOnlyOnCreate() {
    return new InvalidRequestException(Messages.text("transaction.ifNoneExistOnlyOnCreate"));
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
      OwnWrites.storing(request, updated);
    }
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -100)
  public void createByAuthorisedAuthors(IBaseResource created, RequestDetails request) {
    requireVisibleClients(request, created);
    requireVisibleReferences(request, created, null);
    onlyAuthorisedAuthors(request, created);
    if (request != null) {
      OwnWrites.storing(request, created);
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void deleteOnlyVisible(IBaseResource resource, RequestDetails request) {
    refuseHidden(request, resource);
  }

  /**
   * The organisation policy is written by the privacy officer only; a legal ground (disclosure without
   * consent) only by a professional whose role the policy allows to record one.
   */
  private void onlyAuthorisedAuthors(RequestDetails request, IBaseResource resource) {
    if (request == null || !(resource instanceof org.hl7.fhir.r4.model.Consent consent)) {
      return;
    }
    Optional<RequesterContext> requester = service.restrictedRequester(request);
    if (requester.isEmpty()) {
      return;
    }
    String role = requester.get().roleCode();
    if (ConsentMapping.isOrganisationPolicy(consent)
        && !(requester.get().internal() && ExplainDisclosureOperation.PRIVACY_OFFICER_ROLE.equals(role))) {
      throw new ForbiddenOperationException(Messages.text("write.policyPrivacyOfficerOnly"));
    }
    boolean legalGround = consent.getPolicyRule().getCoding().stream()
        .anyMatch(c -> FhirCodes.LEGAL_GROUND.equals(c.getSystem()) && !"consent".equals(c.getCode()));
    if (legalGround && !(requester.get().internal()
        && service.begin(requester.get()).legalGroundRoles().contains(role))) {
      throw new ForbiddenOperationException(Messages.text("write.legalGroundRoleNotAllowed"));
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
    for (ResourceFacts facts : restricted.get().resources().facts(written)) {
      if (facts.clientId() == null) {
        continue;
      }
      String patient = "Patient/" + facts.clientId();
      if (!OwnWrites.createdByThisRequest(request, patient) && !service.isVisible(restricted.get(), patient)) {
        throw new InvalidRequestException(Messages.text("resource.notKnown", patient));
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
        throw ConditionalReferences.refusal();
      }
      if (kept.contains(reference) || OwnWrites.createdByThisRequest(request, reference)) {
        continue;
      }
      if (!service.isVisible(restricted.get(), reference)) {
        throw new InvalidRequestException(Messages.text("resource.notKnown", reference));
      }
    }
  }

  /** The resource's references to other records on this server, as Type/id (or the match URL). */
  private Set<String> references(IBaseResource resource) {
    Set<String> found = new LinkedHashSet<>();
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

  private void refuseHidden(RequestDetails request, IBaseResource stored) {
    if (request == null || OwnWrites.writtenByThisRequest(request, stored)) {
      // A transaction rewrites references in resources it has just created: those are the requester's own
      // content (and not yet readable), not a hidden record. Refusing them would break the transaction.
      return;
    }
    Optional<DisclosureRequest> restricted = DisclosureRequest.of(request);
    if (restricted.isPresent() && !service.decide(restricted.get(), stored).isDisclosed()) {
      throw notKnown(stored.fhirType() + "/" + stored.getIdElement().getIdPart());
    }
  }

  static ResourceNotFoundException notKnown(String reference) {
    return new ResourceNotFoundException(Messages.text("resource.notKnown", reference));
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
    if (!service.isVisible(service.begin(requester), target)) {
      throw notKnown(target);
    }
  }
}
