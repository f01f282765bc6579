package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * Validates a resource the way every write is validated: base R4, its declared profiles and the profile its
 * type (and content) implies ({@link GovernedProfiles}), offline. Thread-safe; one instance for the server.
 */
public final class ConformanceValidator {

  private final FhirContext ctx;
  private final ValidationSupportChain chain;
  private final FhirValidator validator;
  private final IInstanceValidatorModule module;

  public ConformanceValidator(FhirContext ctx, ValidationSupportChain chain) {
    this.ctx = ctx;
    this.chain = chain;
    this.validator = ctx.newValidator();
    // HAPI's schema/schematron checks stay off; the instance validator checks structure, profiles, terminology.
    this.validator.setValidateAgainstStandardSchema(false);
    this.validator.setValidateAgainstStandardSchematron(false);
    this.module = new GovernedProfileValidatorModule(ValidationChainFactory.instanceValidator(chain));
    this.validator.registerValidatorModule(module);
  }

  /** The validator module behind every write; {@code $validate} runs it too ({@link WriteEquivalentValidatorModule}). */
  IInstanceValidatorModule module() {
    return module;
  }

  /** The support chain behind this validator (our packages, core, offline terminology; cached). */
  public ValidationSupportChain chain() {
    return chain;
  }

  FhirValidator fhirValidator() {
    return validator;
  }

  /** A write's validation; its time is the timer {@code sluis.validation} (by resource type and result). */
  public ValidationResult validate(IBaseResource resource) {
    Timer.Sample started = Timer.start();
    ValidationResult result = validator.validateWithResult(resource);
    started.stop(Metrics.timer("sluis.validation", "type", resource.fhirType(),
        "result", hasErrors(result) ? "invalid" : "valid"));
    return result;
  }

  public static boolean hasErrors(ValidationResult result) {
    return result.getMessages().stream().anyMatch(ConformanceValidator::isError);
  }

  static boolean isError(SingleValidationMessage m) {
    return m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL;
  }

  /**
   * Every error and warning as an OperationOutcome issue, with its location as a FHIRPath {@code expression}
   * (and in the deprecated {@code location}, for older clients). Informational messages are left out.
   */
  public OperationOutcome toOperationOutcome(List<SingleValidationMessage> messages) {
    OperationOutcome outcome = new OperationOutcome();
    for (SingleValidationMessage m : messages) {
      if (m.getSeverity() == null || m.getSeverity() == ResultSeverityEnum.INFORMATION) {
        continue;
      }
      OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
          .setSeverity(severity(m.getSeverity()))
          .setCode(isError(m) ? IssueType.PROCESSING : IssueType.INFORMATIONAL)
          .setDiagnostics(m.getMessage());
      if (m.getLocationString() != null) {
        issue.addExpression(m.getLocationString());
        issue.addLocation(m.getLocationString());
      }
    }
    return outcome;
  }

  /**
   * As {@link #toOperationOutcome(List)}; for a QuestionnaireResponse every issue located in an item also names
   * that item's {@code linkId} in its diagnostics (when the validator's message does not already).
   */
  public OperationOutcome toOperationOutcome(IBaseResource resource, List<SingleValidationMessage> messages) {
    OperationOutcome outcome = toOperationOutcome(messages);
    if (resource instanceof QuestionnaireResponse response) {
      for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
        String location = issue.getExpression().isEmpty() ? null : issue.getExpression().get(0).getValue();
        QuestionnaireResponseItems.linkIdAt(response, location)
            .filter(linkId -> issue.getDiagnostics() == null || !issue.getDiagnostics().contains(linkId))
            .ifPresent(linkId -> issue.setDiagnostics(issue.getDiagnostics() + " (linkId '" + linkId + "')"));
      }
    }
    return outcome;
  }

  private static IssueSeverity severity(ResultSeverityEnum severity) {
    return switch (severity) {
      case FATAL -> IssueSeverity.FATAL;
      case ERROR -> IssueSeverity.ERROR;
      case WARNING -> IssueSeverity.WARNING;
      case INFORMATION -> IssueSeverity.INFORMATION;
    };
  }

  FhirContext context() {
    return ctx;
  }
}
