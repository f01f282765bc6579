package nl.sluis.disclosure;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.List;
import java.util.Optional;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code GET /fhir/Consent/$organisation-policy}: the organisation policy in force with its earlier versions, newest
 * first, as a history Bundle — what the privacy officer's console shows at sign-in, in one request instead of a
 * search and an instance history (the first sign-in after a start paid for both cold paths: 0.7 s of its 1.2 s).
 * The record is the one the disclosure engine takes as the policy in force (the newest active organisation-policy
 * Consent); no entry when none is stored (the configured defaults apply). Privacy officer and trusted systems only;
 * each version is decided for the requester like any read.
 */
public final class OrganisationPolicyOperation {

  public static final String OPERATION = "$organisation-policy";
  /** Versions answered at most: the console shows this many (a policy changes a few times a year). */
  static final int MAX_VERSIONS = 50;
  private final DisclosureService service;

  OrganisationPolicyOperation(DisclosureService service) {
    this.service = service;
  }

  @Operation(name = OPERATION, idempotent = true, type = Consent.class)
  public Bundle organisationPolicy(RequestDetails request) {
    RequesterContext asker = RequesterContext.of(request)
        .orElseThrow(() -> new ForbiddenOperationException(Messages.text("token.required")));
    boolean trusted = service.isTrusted(asker);
    if (!asker.internal()
        || !(ExplainDisclosureOperation.PRIVACY_OFFICER_ROLE.equals(asker.roleCode()) || trusted)) {
      throw new ForbiddenOperationException(Messages.text("operation.privacyOfficerOnly", OPERATION));
    }
    Optional<DisclosureRequest> state = trusted ? Optional.empty() : DisclosureRequest.of(request);
    if (!trusted && state.isEmpty()) {
      throw new ForbiddenOperationException(Messages.text("operation.privacyOfficerOnly", OPERATION)); // fail closed
    }
    Bundle history = history(state);
    // decided above, version by version: the outgoing consent hook need not decide (and audit) them again
    history.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource)
        .forEach(entry -> DisclosureConsentService.decidedByOperation(request, entry.getResource()));
    return history;
  }

  /**
   * The answer as a trusted system gets it (no decisions), for the start-up warm-up: the first privacy officer
   * after a start then does not pay for the cold path.
   */
  public static Bundle asSystem(DisclosureService service) {
    return new OrganisationPolicyOperation(service).history(Optional.empty());
  }

  private Bundle history(Optional<DisclosureRequest> state) {
    Bundle history = new Bundle().setType(Bundle.BundleType.HISTORY);
    Optional<Consent> active = service.activePolicyConsent();
    if (active.isEmpty()) {
      return history;
    }
    for (IBaseResource version : versions(active.get().getIdElement().getIdPart())) {
      if (state.isPresent() && ResourceMetadataKeyEnum.DELETED_AT.get(version) == null
          && !service.decide(state.get(), version).isDisclosed()) {
        continue;
      }
      add(history, (Resource) version);
    }
    return history;
  }

  /** The stored versions of the policy record, newest first (read as the system; decided by the caller). */
  List<IBaseResource> versions(String id) {
    IBundleProvider versions = service.daos().getResourceDao("Consent")
        .history(new IdType("Consent", id), null, null, null, new SystemRequestDetails());
    return versions.getResources(0, MAX_VERSIONS);
  }

  private static void add(Bundle history, Resource version) {
    IdType id = version.getIdElement();
    Bundle.BundleEntryComponent entry = history.addEntry().setFullUrl(id.toVersionless().getValue());
    boolean deleted = ResourceMetadataKeyEnum.DELETED_AT.get(version) != null;
    Bundle.HTTPVerb method = deleted ? Bundle.HTTPVerb.DELETE
        : "1".equals(id.getVersionIdPart()) ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT;
    entry.getRequest().setMethod(method).setUrl(method == Bundle.HTTPVerb.POST ? "Consent" : "Consent/" + id.getIdPart());
    entry.getResponse().setStatus(method == Bundle.HTTPVerb.POST ? "201 Created" : method == Bundle.HTTPVerb.DELETE
        ? "204 No Content" : "200 OK").setEtag("W/\"" + id.getVersionIdPart() + "\"");
    if (!deleted) {
      entry.setResource(version);
      entry.getResponse().setLastModified(version.getMeta().getLastUpdated());
    }
  }
}
