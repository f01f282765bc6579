package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceAccessDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.ZoneId;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * An anonymised case summary of a QuestionnaireResponse for a professional of this organisation who may see it:
 * the response and the findings derived from it, without the client's name or other personal data (see
 * {@link Deidentification}). Shared by {@code $anonymised-summary} and {@code $request-advice}.
 *
 * <p>Whether the requester may see each stored record is decided the way HAPI's own reads decide: through the
 * storage pre-access hooks of this request. So the consent service decides with the request's own disclosure
 * state, and the audit layer records the access like any read (internal access to very restricted data leaves an
 * AuditEvent naming the response and its findings).
 */
final class AnonymisedSummaries {

  private final DisclosureService service;
  private final FhirContext fhir;
  private final ZoneId zone;

  AnonymisedSummaries(DisclosureService service, FhirContext fhir, ZoneId zone) {
    this.service = service;
    this.fhir = fhir;
    this.zone = zone;
  }

  /** The requester, if a professional (or system) of this organisation; 403 otherwise. */
  static RequesterContext internalRequester(RequestDetails request, String operation) {
    RequesterContext requester = RequesterContext.of(request)
        .orElseThrow(() -> new ForbiddenOperationException(Messages.text("token.required")));
    if (!requester.internal()) {
      throw new ForbiddenOperationException(Messages.text("operation.ownProfessionalsOnly", operation));
    }
    return requester;
  }

  /** The stored response if the requester may see it; 404 (missing and hidden alike) otherwise. */
  QuestionnaireResponse response(RequestDetails request, RequesterContext requester, String reference) {
    DisclosureRequest state = state(request, requester);
    return state.records().<QuestionnaireResponse>read(reference)
        .filter(found -> seen(request, requester, found))
        .orElseThrow(() -> new ResourceNotFoundException(Messages.text("resource.notKnown", reference)));
  }

  /** The summary of a response the requester may see (from {@link #response}). */
  Bundle summary(RequestDetails request, RequesterContext requester, QuestionnaireResponse response) {
    String reference = "QuestionnaireResponse/" + response.getIdElement().getIdPart();
    Deidentification anonymiser = new Deidentification(fhir, zone);
    Bundle summary = new Bundle().setType(Bundle.BundleType.COLLECTION);
    summary.addEntry().setResource(anonymiser.anonymise(response));
    for (Observation finding : state(request, requester).records()
        .<Observation>referencing("Observation", "derived-from", reference)) {
      if (seen(request, requester, finding)) {
        summary.addEntry().setResource(anonymiser.anonymise(finding));
      }
    }
    // decided above on the stored originals; the copies name pseudonyms, not clients
    summary.getEntry().forEach(entry -> DisclosureConsentService.decidedByOperation(request, entry.getResource()));
    return summary;
  }

  /**
   * Whether the requester may see a stored record, decided (and audited) as a read of it in this request is:
   * HAPI's STORAGE_PREACCESS_RESOURCES hooks, where the consent interceptor withholds what the engine denies.
   */
  boolean seen(RequestDetails request, RequesterContext requester, IBaseResource resource) {
    if (service.isTrusted(requester) || DisclosureRequest.of(request).isEmpty()) {
      return true; // trusted systems are not restricted (no disclosure state is attached to their requests)
    }
    IInterceptorBroadcaster hooks = request.getInterceptorBroadcaster();
    if (hooks == null || !hooks.hasHooks(Pointcut.STORAGE_PREACCESS_RESOURCES)) {
      return service.decide(DisclosureRequest.of(request).get(), resource).isDisclosed();
    }
    SimplePreResourceAccessDetails details = new SimplePreResourceAccessDetails(resource);
    hooks.callHooks(Pointcut.STORAGE_PREACCESS_RESOURCES, new HookParams()
        .add(IPreResourceAccessDetails.class, details)
        .add(RequestDetails.class, request)
        .addIfMatchesType(ServletRequestDetails.class, request));
    return !details.isDontReturnResourceAtIndex(0);
  }

  /**
   * Puts a record this request wrote (the record of what was sent) into the request's audit trail, so that the
   * AuditEvent of the transfer names it: the consent hooks do not decide on a request's own writes, so it is
   * decided here, and the pre-access hooks let the audit layer note its confidentiality.
   */
  void audit(RequestDetails request, RequesterContext requester, IBaseResource written) {
    if (service.isTrusted(requester) || DisclosureRequest.of(request).isEmpty()) {
      return;
    }
    seen(request, requester, written);
    service.decide(DisclosureRequest.of(request).get(), written);
  }

  private DisclosureRequest state(RequestDetails request, RequesterContext requester) {
    return DisclosureRequest.of(request).orElseGet(() -> service.begin(requester));
  }
}
