package nl.sluis.audit;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

/**
 * A stored disclosure AuditEvent read back for the views: who (with the token's fhirUser for a
 * patient-facing requester), whom, what, on which ground. {@code asked} is the request as typed.
 */
record DisclosureRecord(String id, Date recorded, String patient, String organization, String organizationName,
    String user, String userName, String fhirUser, String role, String responsible, String responsibleName, String interaction,
    String outcome, String purpose, List<String> data, String asked, List<Basis> bases) {

  /** A basis entity: the Consent (or rule id) and its legal ground code, if any. */
  record Basis(String reference, String legalGround) {}

  /** Purposes that mark an emergency ("break the glass") access. */
  static final Set<String> EMERGENCY_PURPOSES = Set.of("ETREAT", "BTG");

  static DisclosureRecord of(AuditEvent event) {
    String patient = null;
    List<String> data = new ArrayList<>();
    String asked = null;
    List<Basis> bases = new ArrayList<>();
    for (AuditEventEntityComponent entity : event.getEntity()) {
      Coding type = entity.getType();
      Coding role = entity.getRole();
      if (is(type, AuditCodes.ENTITY_TYPE, "1") && is(role, AuditCodes.OBJECT_ROLE, "1")) {
        patient = entity.getWhat().getReference();
      } else if (is(type, AuditCodes.ENTITY_TYPE, "2") && is(role, AuditCodes.OBJECT_ROLE, "4")) {
        data.add(entity.getWhat().getReference());
      } else if (is(role, AuditCodes.OBJECT_ROLE, "24")) {
        asked = entity.getDescription();
      } else if (is(type, AuditCodes.RESOURCE_TYPES, "Consent") && is(role, AuditCodes.OBJECT_ROLE, "13")) {
        Reference what = entity.getWhat();
        String reference = what.hasReference() ? what.getReference() : what.getIdentifier().getValue();
        Extension ground = entity.getExtensionByUrl(AuditCodes.LEGAL_GROUND_EXTENSION);
        bases.add(new Basis(reference, ground == null ? null : ((Coding) ground.getValue()).getCode()));
      }
    }
    AuditEventAgentComponent user = agent(event, AuditCodes.PARTICIPATION, "IRCP");
    AuditEventAgentComponent responsible = agent(event, AuditCodes.PARTICIPATION, "RESP");
    AuditEventAgentComponent client = agent(event, AuditCodes.DICOM, "110153");
    String outcome = event.getOutcomeDesc() == null ? null : event.getOutcomeDesc().split("[ ;]")[0];
    String purpose = event.getPurposeOfEvent().isEmpty() || event.getPurposeOfEventFirstRep().getCoding().isEmpty()
        ? null : event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode();
    return new DisclosureRecord(event.getIdElement().getIdPart(), event.getRecorded(), patient,
        client == null ? null : client.getWho().getIdentifier().getValue(),
        client == null ? null : client.getWho().getDisplay(),
        user == null ? null : user.getWho().getIdentifier().getValue(),
        user == null ? null : user.getWho().getDisplay(),
        user == null ? null : user.getAltId(),
        user == null || user.getRole().isEmpty() ? null : user.getRoleFirstRep().getCodingFirstRep().getCode(),
        responsible == null ? null : responsible.getWho().getIdentifier().getValue(),
        responsible == null ? null : responsible.getWho().getDisplay(),
        event.getSubtypeFirstRep().getCode(), outcome, purpose, data, asked, bases);
  }

  /** The legal ground without consent (conflict-of-duties, ...) this disclosure rested on, or null. */
  String legalGroundWithoutConsent() {
    return bases.stream().map(Basis::legalGround).filter(g -> g != null && !"consent".equals(g)).findFirst()
        .orElse(null);
  }

  /** consent, a legal ground code, or the first rule id: what the report groups by. */
  String ground() {
    return bases.stream().map(b -> b.legalGround() != null ? b.legalGround() : b.reference()).findFirst()
        .orElse("none");
  }

  boolean emergency() {
    return purpose != null && EMERGENCY_PURPOSES.contains(purpose);
  }

  private static AuditEventAgentComponent agent(AuditEvent event, String system, String code) {
    return event.getAgent().stream()
        .filter(a -> a.getType().getCoding().stream().anyMatch(c -> is(c, system, code)))
        .findFirst().orElse(null);
  }

  private static boolean is(Coding coding, String system, String code) {
    return coding != null && system.equals(coding.getSystem()) && code.equals(coding.getCode());
  }
}
