package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.ZoneId;
import nl.sluis.security.RequesterContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * {@code QuestionnaireResponse/{id}/$anonymised-summary}: for a professional of this organisation who may
 * see the assessment, an anonymised case summary — the response and the findings derived from it, without
 * the client's name or other personal data — to consult Platform JEP or the municipality "zonder
 * persoonsgegevens". Every resource carries ANONY and NORDSCLCD in meta.security.
 */
public class AnonymisedSummaryOperation {

  private final DisclosureService service;
  private final FhirContext fhir;
  private final ZoneId zone;

  public AnonymisedSummaryOperation(DisclosureService service, FhirContext fhir, ZoneId zone) {
    this.service = service;
    this.fhir = fhir;
    this.zone = zone;
  }

  @Operation(name = "$anonymised-summary", idempotent = true, type = QuestionnaireResponse.class)
  public Bundle summary(@IdParam IdType id, RequestDetails request) {
    RequesterContext requester = RequesterContext.of(request)
        .orElseThrow(() -> new ForbiddenOperationException("A bearer token is required"));
    if (!requester.internal()) {
      throw new ForbiddenOperationException("$anonymised-summary is for professionals of this organisation");
    }
    DisclosureRequest state = service.begin(requester);
    String reference = "QuestionnaireResponse/" + id.getIdPart();
    QuestionnaireResponse response = state.records().<QuestionnaireResponse>read(reference)
        .filter(found -> service.isTrusted(requester) || service.decide(state, found).isDisclosed())
        .orElseThrow(() -> new ResourceNotFoundException("Resource " + reference + " is not known"));
    Deidentification anonymiser = new Deidentification(fhir, zone);
    Bundle summary = new Bundle().setType(Bundle.BundleType.COLLECTION);
    summary.addEntry().setResource(anonymiser.anonymise(response));
    for (Observation finding : state.records().<Observation>referencing("Observation", "derived-from", reference)) {
      if (service.isTrusted(requester) || service.decide(state, (IBaseResource) finding).isDisclosed()) {
        summary.addEntry().setResource(anonymiser.anonymise(finding));
      }
    }
    // decided above on the stored originals; the copies name pseudonyms, not clients
    summary.getEntry().forEach(entry -> DisclosureConsentService.decidedByOperation(request, entry.getResource()));
    return summary;
  }
}
