package nl.sluis.disclosure;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.sluis.security.RequesterContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * {@code QuestionnaireResponse/{id}/$anonymised-summary}: for a professional of this organisation who may
 * see the assessment, an anonymised case summary — the response and the findings derived from it, without
 * the client's name or other personal data — to consult Platform JEP or the municipality "zonder
 * persoonsgegevens". Every resource carries ANONY and NORDSCLCD in meta.security. To record that it was sent,
 * see {@code $request-advice}.
 */
public class AnonymisedSummaryOperation {

  private final AnonymisedSummaries summaries;

  AnonymisedSummaryOperation(AnonymisedSummaries summaries) {
    this.summaries = summaries;
  }

  @Operation(name = "$anonymised-summary", idempotent = true, type = QuestionnaireResponse.class)
  public Bundle summary(@IdParam IdType id, RequestDetails request) {
    RequesterContext requester = AnonymisedSummaries.internalRequester(request, "$anonymised-summary");
    QuestionnaireResponse response = summaries.response(request, requester,
        "QuestionnaireResponse/" + id.getIdPart());
    return summaries.summary(request, requester, response);
  }
}
