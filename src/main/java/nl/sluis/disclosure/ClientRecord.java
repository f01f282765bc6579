package nl.sluis.disclosure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.sluis.disclosure.engine.ClientFacts;
import nl.sluis.disclosure.engine.Ground;
import nl.sluis.disclosure.engine.LegalRepresentative;
import nl.sluis.disclosure.engine.LegalRepresentative.Relationship;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

/** What the engine needs about one client: facts (age, care team, representatives) and grounds. */
record ClientRecord(ClientFacts facts, List<Ground> grounds) {

  /** Immutable: one instance may serve concurrent requests (see {@link DecisionInputCache}). */
  ClientRecord {
    grounds = List.copyOf(grounds);
  }

  private static final Set<String> PARENT_CODES = Set.of("PRN", "FTH", "MTH", "NPRN", "NFTH", "NMTH", "ADOPTP",
      "ADOPTF", "ADOPTM", "STPPRN", "STPFTH", "STPMTH", "FTHFOST", "MTHFOST", "PRNFOST");

  static ClientRecord load(String clientId, FhirRecords records, ConsentMapping consents) {
    String patientRef = "Patient/" + clientId;
    LocalDate birthDate = records.<Patient>read(patientRef)
        .filter(Patient::hasBirthDate)
        .map(p -> p.getBirthDateElement().getValueAsString())
        .filter(date -> date.length() == 10) // a partial birth date gives no age: the engine fails closed
        .map(LocalDate::parse)
        .orElse(null);
    Set<String> careTeam = new HashSet<>();
    for (CareTeam team : records.<CareTeam>referencing("CareTeam", "subject", patientRef)) {
      if (team.getStatus() != CareTeam.CareTeamStatus.ACTIVE) {
        continue;
      }
      for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
        memberIds(participant.getMember(), records).forEach(careTeam::add);
      }
    }
    List<LegalRepresentative> representatives = new ArrayList<>();
    for (RelatedPerson person : records.<RelatedPerson>referencing("RelatedPerson", "patient", patientRef)) {
      if (person.hasActive() && !person.getActive()) {
        continue;
      }
      representative(person).ifPresent(representatives::add);
    }
    List<Ground> grounds = new ArrayList<>();
    for (Consent consent : records.<Consent>referencing("Consent", "patient", patientRef)) {
      consents.toGround(consent).ifPresent(grounds::add);
    }
    // Lacking capacity (wilsonbekwaam) cannot be recorded yet: assumed capable.
    return new ClientRecord(new ClientFacts(clientId, birthDate, careTeam, representatives, false), grounds);
  }

  private static List<String> memberIds(Reference member, FhirRecords records) {
    org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(member.getReference());
    if ("Practitioner".equals(id.getResourceType())) {
      return List.of(id.getIdPart());
    }
    if ("PractitionerRole".equals(id.getResourceType())) {
      Optional<PractitionerRole> role = records.read("PractitionerRole/" + id.getIdPart());
      List<String> ids = new ArrayList<>(List.of(id.getIdPart()));
      role.filter(r -> r.getPractitioner().getReferenceElement().hasIdPart())
          .ifPresent(r -> ids.add(r.getPractitioner().getReferenceElement().getIdPart()));
      return ids;
    }
    return List.of();
  }

  /**
   * A parent (v3 PRN and its specialisations) or guardian (GUARD); authority (gezag) when the nl-core
   * contact role 24 (wettelijke vertegenwoordiger) or GUARD is recorded.
   */
  private static Optional<LegalRepresentative> representative(RelatedPerson person) {
    boolean parent = false;
    boolean guardian = false;
    boolean legalRepresentative = false;
    for (Coding coding : person.getRelationship().stream().flatMap(c -> c.getCoding().stream()).toList()) {
      if (FhirCodes.V3_ROLE_CODE.equals(coding.getSystem()) && PARENT_CODES.contains(coding.getCode())) {
        parent = true;
      }
      if (FhirCodes.V3_ROLE_CODE.equals(coding.getSystem()) && "GUARD".equals(coding.getCode())) {
        guardian = true;
      }
      if (FhirCodes.CONTACT_ROLE.equals(coding.getSystem()) && "24".equals(coding.getCode())) {
        legalRepresentative = true;
      }
    }
    if (!parent && !guardian && !legalRepresentative) {
      return Optional.empty();
    }
    Relationship relationship = guardian ? Relationship.GUARDIAN
        : parent ? Relationship.PARENT : Relationship.LEGAL_REPRESENTATIVE;
    return Optional.of(new LegalRepresentative(person.getIdElement().getIdPart(), relationship,
        guardian || legalRepresentative));
  }
}
