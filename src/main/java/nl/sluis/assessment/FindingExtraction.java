package nl.sluis.assessment;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Optional;
import nl.sluis.assessment.ObservationExtractor.Finding;
import nl.sluis.conformance.ConformanceValidator;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * Extraction as a service: the findings of a response (for {@code $extract}), and storing them beside the response
 * (automatic extraction). Extracted Observations are checked against their profiles before they are stored or
 * returned when {@code sluis.assessment.validate-findings} is on (off by default); any failure is a 422 that names
 * the finding.
 */
public final class FindingExtraction {

  private final QuestionnaireLookup questionnaires;
  private final FindingStore store;
  private final ConformanceValidator validator;
  private final boolean validateFindings;

  FindingExtraction(QuestionnaireLookup questionnaires, FindingStore store, ConformanceValidator validator,
      boolean validateFindings) {
    this.questionnaires = questionnaires;
    this.store = store;
    this.validator = validator;
    this.validateFindings = validateFindings;
  }

  QuestionnaireLookup questionnaires() {
    return questionnaires;
  }

  /** The Questionnaire of a response when it asks for observation-based extraction. */
  Optional<Questionnaire> extractable(QuestionnaireResponse response) {
    return questionnaires.find(response.getQuestionnaire()).filter(ObservationExtractor::hasExtractableItems);
  }

  /** The findings, checked; throws 422 when they cannot be extracted or are not valid. */
  List<Finding> findings(Questionnaire questionnaire, QuestionnaireResponse response, String responseReference) {
    List<Finding> findings;
    try {
      findings = ObservationExtractor.extract(questionnaire, response, responseReference);
    } catch (ExtractionException e) {
      throw unprocessable(Messages.text("assessment.extractionFailed", e.getMessage()), null);
    }
    return findings;
  }

  /** Extracts and stores the findings of a stored response (in the caller's transaction). */
  FindingStore.Outcome store(QuestionnaireResponse response, String responseReference, boolean retractAll) {
    Optional<Questionnaire> questionnaire = extractable(response);
    if (questionnaire.isEmpty()) {
      return new FindingStore.Outcome(0, 0, 0, 0);
    }
    List<Finding> findings = retractAll ? List.of() : findings(questionnaire.get(), response, responseReference);
    return store.replace(responseReference, findings, this::check);
  }

  void check(Observation observation) {
    if (!validateFindings) {
      return;
    }
    ValidationResult result = validator.validate(observation);
    if (ConformanceValidator.hasErrors(result)) {
      OperationOutcome outcome = validator.toOperationOutcome(result.getMessages());
      String key = observation.getIdentifierFirstRep().getValue();
      outcome.getIssue().forEach(issue -> issue.setDiagnostics(Messages.text("assessment.findingIssue", key,
          issue.getDiagnostics())));
      throw new UnprocessableEntityException(Messages.text("assessment.findingNotValid", key), outcome);
    }
  }

  static UnprocessableEntityException unprocessable(String message, String expression) {
    OperationOutcome outcome = new OperationOutcome();
    OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.PROCESSING)
        .setDiagnostics(message);
    if (expression != null) {
      issue.addExpression(expression);
    }
    return new UnprocessableEntityException(message, outcome);
  }
}
