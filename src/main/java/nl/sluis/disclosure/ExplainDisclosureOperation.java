package nl.sluis.disclosure;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;

import nl.sluis.disclosure.engine.Basis;
import nl.sluis.disclosure.engine.DisclosureDecision;
import nl.sluis.disclosure.engine.OrganisationPolicy;
import nl.sluis.disclosure.engine.Ground;
import nl.sluis.disclosure.engine.Weighing;
import nl.sluis.security.RequesterContext;
import nl.sluis.security.SmartScopes;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code POST /fhir/$explain-disclosure}: for the privacy officer, the decision Sluis would take for a
 * hypothetical requester (organisation URA, user, role, purpose, or a patient-facing fhirUser) and one
 * stored resource — the outcome, obligations and basis, never the resource's content. With {@code policy} (a
 * draft organisation-policy Consent, not saved) the decision is the one the draft would take: the officer's
 * preview of a policy change. Nothing is stored; the answer says which policy decided ({@code policy} =
 * {@code draft} or {@code active}).
 */
public class ExplainDisclosureOperation {

  /** Local role (terminology local-role) that may ask for explanations. */
  public static final String PRIVACY_OFFICER_ROLE = nl.sluis.disclosure.engine.DisclosureEngine.PRIVACY_OFFICER_ROLE;
  private final DisclosureService service;
  private final String ownUra;
  private final DraftPolicies drafts;

  public ExplainDisclosureOperation(DisclosureService service, String ownUra, DraftPolicies drafts) {
    this.service = service;
    this.ownUra = ownUra;
    this.drafts = drafts;
  }

  @Operation(name = "$explain-disclosure", idempotent = true)
  public Parameters explain(
      @OperationParam(name = "resource", min = 1, max = 1) StringType resource,
      @OperationParam(name = "organization", max = 1) StringType organization,
      @OperationParam(name = "user", max = 1) StringType user,
      @OperationParam(name = "role", max = 1) StringType role,
      @OperationParam(name = "purpose", max = 1) StringType purpose,
      @OperationParam(name = "fhirUser", max = 1) StringType fhirUser,
      @OperationParam(name = "date", max = 1) DateType date,
      @OperationParam(name = "policy", max = 1) org.hl7.fhir.r4.model.Consent policy,
      RequestDetails request) {
    RequesterContext asker = RequesterContext.of(request)
        .orElseThrow(() -> new ForbiddenOperationException(Messages.text("token.required")));
    if (!asker.internal() || !(PRIVACY_OFFICER_ROLE.equals(asker.roleCode()) || service.isTrusted(asker))) {
      throw new ForbiddenOperationException(Messages.text("operation.privacyOfficerOnly", "$explain-disclosure"));
    }
    if (resource == null || !resource.getValue().matches("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) {
      throw new InvalidRequestException(Messages.text("explain.resourceParameter"));
    }
    String ura = organization == null ? null : organization.getValue();
    String patientFacing = fhirUser == null ? null : fhirUser.getValue();
    if (ura == null && patientFacing == null) {
      throw new InvalidRequestException(Messages.text("explain.requesterParameter"));
    }
    RequesterContext hypothetical = new RequesterContext(ura, null, ownUra.equals(ura) && patientFacing == null,
        user == null ? "unknown" : user.getValue(), null, RequesterContext.UZI_ROLE_SYSTEM,
        role == null ? null : role.getValue(), null, null, purpose == null ? null : purpose.getValue(),
        patientFacing, null, SmartScopes.parse(""), null, null);
    OrganisationPolicy draft = null;
    if (policy != null) {
      if (!PRIVACY_OFFICER_ROLE.equals(asker.roleCode())) {
        throw new ForbiddenOperationException(Messages.text("explain.draftPrivacyOfficerOnly"));
      }
      draft = service.draftPolicy(drafts.checked(policy));
    }
    java.time.LocalDate day = date == null ? null : asOf(date);
    DisclosureRequest state = draft == null && day == null ? service.begin(hypothetical)
        : service.begin(hypothetical, day == null ? service.today() : day, draft);
    IBaseResource target = state.records().<IBaseResource>read(resource.getValue())
        .orElseThrow(() -> new ResourceNotFoundException(Messages.text("resource.notKnown", resource.getValue())));
    DisclosureDecision decision = service.decide(state, target);
    Parameters result = new Parameters();
    result.addParameter("outcome", new CodeType(decision.outcome().name().toLowerCase().replace('_', '-')));
    result.addParameter("disclosed", new BooleanType(decision.isDisclosed()));
    decision.obligations().forEach(o -> result.addParameter("obligation", new CodeType(o.name())));
    result.addParameter("reason", new StringType(decision.reason()));
    java.util.Map<String, Weighing> weighings = weighingsOfDecidingClient(state);
    for (Basis basis : decision.basis()) {
      Parameters.ParametersParameterComponent part = result.addParameter().setName("basis");
      part.addPart().setName("kind").setValue(new CodeType(basis.kind().name()));
      part.addPart().setName("ref").setValue(new StringType(basis.ref()));
      if (basis.detail() != null) {
        part.addPart().setName("detail").setValue(new StringType(basis.detail()));
      }
      Weighing weighing = basis.kind() == Basis.Kind.GROUND ? weighings.get(basis.ref()) : null;
      if (weighing != null) {
        part.addPart().setName("weighing").setValue(new org.hl7.fhir.r4.model.Reference(weighing.reference()));
        part.addPart().setName("weighingType").setValue(new CodeType(
            weighing.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
      }
    }
    result.addParameter("date", new StringType(state.date().toString()));
    result.addParameter("policy", new CodeType(draft == null ? "active" : "draft"));
    return result;
  }

  /** The weighing each legal ground of the client whose record decided rests on, by the ground's id. */
  private static java.util.Map<String, Weighing> weighingsOfDecidingClient(DisclosureRequest state) {
    java.util.Map<String, Weighing> found = new java.util.HashMap<>();
    for (DisclosureRequest.RecordedDecision recorded : state.decisions()) {
      if (recorded.clientId() != null) {
        for (Ground ground : state.client(recorded.clientId()).grounds()) {
          if (ground.weighing() != null) {
            found.put(ground.id(), ground.weighing());
          }
        }
      }
    }
    return found;
  }

  /**
   * The day to decide on: the stored consents, grounds and active policy as they are now, evaluated on that
   * day (periods, the client's age); not the versions that were in force then.
   */
  private static java.time.LocalDate asOf(DateType date) {
    if (date.getValue() == null || date.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
      throw new InvalidRequestException(Messages.text("explain.dateFormat"));
    }
    java.time.LocalDate day = java.time.LocalDate.parse(date.getValueAsString());
    if (day.getYear() < 1900 || day.getYear() > 2200) {
      throw new InvalidRequestException(Messages.text("explain.dateRange"));
    }
    return day;
  }
}
