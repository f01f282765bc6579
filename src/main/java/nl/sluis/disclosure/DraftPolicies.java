package nl.sluis.disclosure;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import nl.sluis.conformance.ConformanceValidator;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Admits a draft organisation policy to a preview ({@code $explain-disclosure?policy=}): it must be an
 * organisation-policy Consent that would be accepted if it were saved (the same validation as a write), and
 * no larger than a real policy gets. Nothing about it is stored.
 */
public final class DraftPolicies {

  /** A real policy has a handful of rules (one per kind); more is not a policy but a load. */
  static final int MAX_RULES = 50;
  /** Roles and purposes over all rules (there are a few hundred UZI and local roles in all). */
  static final int MAX_ENTRIES = 1000;

  private final ConformanceValidator validator;

  public DraftPolicies(ConformanceValidator validator) {
    this.validator = validator;
  }

  /** The draft as a Consent, or a 422 that says what is wrong with it. */
  Consent checked(IBaseResource draft) {
    if (!(draft instanceof Consent consent) || !ConsentMapping.isOrganisationPolicy(consent)) {
      throw refused("Parameter 'policy' must be an organisation-policy Consent (category organisation-policy, "
          + "no patient)", "Parameters.parameter.where(name = 'policy').resource");
    }
    int rules = consent.getProvision().getProvision().size();
    int entries = consent.getProvision().getProvision().stream()
        .mapToInt(rule -> rule.getExtension().size() + rule.getPurpose().size()).sum();
    if (rules > MAX_RULES || entries > MAX_ENTRIES) {
      throw refused("The draft policy is larger than this server accepts (at most " + MAX_RULES + " rules and "
          + MAX_ENTRIES + " roles and purposes)", "Consent.provision.provision");
    }
    ValidationResult result = validator.validate(consent);
    if (ConformanceValidator.hasErrors(result)) {
      throw new UnprocessableEntityException(Messages.text("policy.draftInvalid"),
          validator.toOperationOutcome(result.getMessages()));
    }
    return consent;
  }

  private static UnprocessableEntityException refused(String message, String expression) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.INVALID).setDiagnostics(message).addExpression(expression);
    return new UnprocessableEntityException(message, outcome);
  }
}
