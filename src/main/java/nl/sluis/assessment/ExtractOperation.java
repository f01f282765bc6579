package nl.sluis.assessment;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.UUID;
import nl.sluis.assessment.ObservationExtractor.Finding;
import nl.sluis.conformance.ConformanceValidator;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * SDC {@code $extract} (observation-based): {@code GET|POST QuestionnaireResponse/[id]/$extract} for a stored
 * response, {@code POST QuestionnaireResponse/$extract} with parameter {@code questionnaire-response} for one that
 * is not stored (it is validated first: 422 naming the linkId). Returns a transaction Bundle of the findings as
 * Observations; each entry is a conditional create on the finding's identifier, so posting the Bundle twice stores
 * nothing twice. With automatic extraction on (the default), the findings of a stored response are already stored:
 * the Bundle is then a view of them, not something to post.
 */
public final class ExtractOperation {

  private final DaoRegistry daos;
  private final FindingExtraction extraction;
  private final ConformanceValidator validator;

  ExtractOperation(DaoRegistry daos, FindingExtraction extraction, ConformanceValidator validator) {
    this.daos = daos;
    this.extraction = extraction;
    this.validator = validator;
  }

  @Operation(name = "$extract", idempotent = true, type = QuestionnaireResponse.class)
  public Bundle extractStored(@IdParam IdType id, RequestDetails request) {
    QuestionnaireResponse response = daos.getResourceDao(QuestionnaireResponse.class)
        .read(id.toUnqualifiedVersionless(), request);
    return bundle(response, "QuestionnaireResponse/" + response.getIdElement().getIdPart());
  }

  @Operation(name = "$extract", type = QuestionnaireResponse.class)
  public Bundle extractGiven(
      @OperationParam(name = "questionnaire-response", min = 1, max = 1) QuestionnaireResponse response) {
    if (response == null) {
      throw new InvalidRequestException(Messages.text("assessment.responseParameterRequired"));
    }
    ValidationResult result = validator.validate(response);
    if (ConformanceValidator.hasErrors(result)) {
      throw new UnprocessableEntityException(Messages.text("assessment.responseNotValid"),
          validator.toOperationOutcome(response, result.getMessages()));
    }
    String reference = response.getIdElement().hasIdPart()
        ? "QuestionnaireResponse/" + response.getIdElement().getIdPart()
        : "urn:uuid:" + UUID.randomUUID();
    return bundle(response, reference);
  }

  private Bundle bundle(QuestionnaireResponse response, String reference) {
    Questionnaire questionnaire = extraction.extractable(response).orElseThrow(() ->
        FindingExtraction.unprocessable(Messages.text("assessment.questionnaireNotExtractable",
            response.getQuestionnaire()), "QuestionnaireResponse.questionnaire"));
    List<Finding> findings = extraction.findings(questionnaire, response, reference);
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (Finding finding : findings) {
      extraction.check(finding.observation());
      bundle.addEntry()
          .setFullUrl("urn:uuid:" + UUID.randomUUID())
          .setResource(finding.observation())
          .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation")
          .setIfNoneExist("identifier=" + ObservationExtractor.IDENTIFIER_SYSTEM + "|"
              + finding.observation().getIdentifierFirstRep().getValue());
    }
    return bundle;
  }
}
