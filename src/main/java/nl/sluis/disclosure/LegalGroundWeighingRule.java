package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.sluis.disclosure.engine.LegalGroundCode;
import nl.sluis.disclosure.engine.WeighingType;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;

/**
 * An active legal ground (disclosure without consent) is stored only on its documented weighing (afweging): the
 * extension {@code sluis-ext-Deliberation} must lead to a completed weighing record about the same client, of the
 * kind the ground needs, answering every condition yes, recorded by a role the organisation policy allows to record
 * legal grounds, on or before the Consent's date. Otherwise 422, the expression naming the extension. A ground that
 * is no longer active (revoked, entered in error) is always accepted: revoking must never be blocked. The engine
 * checks the weighing again on every use, since the weighing and the policy may change later.
 */
@Interceptor
public final class LegalGroundWeighingRule {

  static final String EXPRESSION = "Consent.extension('" + FhirCodes.DELIBERATION_EXTENSION + "')";

  private final DisclosureService service;
  private final ZoneId zone;

  LegalGroundWeighingRule(DisclosureService service, ZoneId zone) {
    this.service = service;
    this.zone = zone;
  }

  // Before commit, not before storage: a transaction stores its entries before it resolves their placeholder
  // references (urn:uuid) and tells pre-commit hooks only afterwards, so the weighing it carries can be read here.
  // Validation has run by then: a Consent the profile refuses is answered with the profile's errors.
  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    check(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource updated) {
    check(updated);
  }

  private void check(IBaseResource resource) {
    if (!(resource instanceof Consent consent) || consent.getStatus() != Consent.ConsentState.ACTIVE) {
      return;
    }
    Optional<LegalGroundCode> ground = legalGround(consent);
    if (ground.isEmpty()) {
      return;
    }
    Extension extension = consent.getExtensionByUrl(FhirCodes.DELIBERATION_EXTENSION);
    String reference = extension != null && extension.getValue() instanceof Reference r ? r.getReference() : null;
    if (reference == null || reference.isBlank()) {
      throw refusal(Messages.text("weighing.required"));
    }
    QuestionnaireResponse weighing = weighingRecord(reference);
    String shown = bounded(reference);
    String client = consent.getPatient().getReferenceElement().getIdPart();
    if (!"Patient".equals(weighing.getSubject().getReferenceElement().getResourceType())
        || client == null || !client.equals(weighing.getSubject().getReferenceElement().getIdPart())) {
      throw refusal(Messages.text("weighing.otherClient", shown));
    }
    WeighingType needed = ground.get().weighingType();
    Optional<LegalGroundCode> weighed = Weighings.ground(weighing);
    if (weighed.isEmpty() || weighed.get().weighingType() != needed) {
      throw refusal(weighed.isEmpty()
          ? Messages.text("weighing.noGround", shown, code(ground.get()))
          : Messages.text("weighing.otherKind", shown, code(weighed.get()), code(ground.get())));
    }
    if (!Weighings.isCompleted(weighing)) {
      throw refusal(weighing.hasStatus()
          ? Messages.text("weighing.notCompleted", shown, weighing.getStatus().toCode())
          : Messages.text("weighing.noStatus", shown));
    }
    List<String> unmet = Weighings.unmetConditions(weighing, needed);
    if (!unmet.isEmpty()) {
      throw refusal(Messages.text(needed == WeighingType.CONFLICT_OF_DUTIES
          ? "weighing.conditionsNotYes" : "weighing.leavesEmpty", shown, String.join(", ", unmet)));
    }
    if (consent.hasDateTime() && weighing.hasAuthored()
        && weighing.getAuthored().toInstant().isAfter(ConsentMapping.recorded(consent.getDateTimeElement(), zone))) {
      throw refusal(Messages.text("weighing.afterGround", shown,
          weighing.getAuthoredElement().getValueAsString(), consent.getDateTimeElement().getValueAsString()));
    }
    String role = weighing.hasAuthor() ? new ConsentMapping(service.records(), zone)
        .party(weighing.getAuthor()).roleCode() : null;
    Set<String> allowed = service.legalGroundRolesInForce();
    if (role == null || !allowed.contains(role)) {
      throw refusal(role == null
          ? Messages.text("weighing.roleNotAllowed", shown)
          : Messages.text("weighing.thisRoleNotAllowed", shown, role));
    }
  }

  /** The referenced weighing record, or 422: missing, or not a weighing record. */
  private QuestionnaireResponse weighingRecord(String reference) {
    IdType id = new IdType(reference);
    if (!"QuestionnaireResponse".equals(id.getResourceType()) || !id.hasIdPart() || id.isAbsolute()) {
      throw refusal(Messages.text("weighing.notOnThisServer", bounded(reference)));
    }
    Optional<IBaseResource> stored = service.records().read(id.toUnqualifiedVersionless().getValue());
    if (stored.isEmpty()) {
      throw refusal(Messages.text("weighing.notKnown", bounded(reference)));
    }
    QuestionnaireResponse response = (QuestionnaireResponse) stored.get();
    if (!Weighings.isWeighing(response)) {
      throw refusal(Messages.text("weighing.notAWeighing", bounded(reference), Weighings.QUESTIONNAIRE));
    }
    return response;
  }

  private static Optional<LegalGroundCode> legalGround(Consent consent) {
    return consent.getPolicyRule().getCoding().stream()
        .filter(c -> FhirCodes.LEGAL_GROUND.equals(c.getSystem()) && c.hasCode() && !"consent".equals(c.getCode()))
        .findFirst().flatMap(c -> {
          try {
            return Optional.of(LegalGroundCode.valueOf(c.getCode().toUpperCase(java.util.Locale.ROOT)
                .replace('-', '_')));
          } catch (IllegalArgumentException unknown) {
            return Optional.empty(); // the profile's binding refuses it
          }
        });
  }

  private static String bounded(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "…";
  }

  static UnprocessableEntityException refusal(String message) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.BUSINESSRULE).setDiagnostics(message).addExpression(EXPRESSION);
    return new UnprocessableEntityException(message, outcome);
  }

  /** A ground as the Consent's policy rule names it. */
  private static String code(LegalGroundCode ground) {
    return ground.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
