package nl.sluis.disclosure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.sluis.disclosure.engine.CapacityJudgement;
import nl.sluis.disclosure.engine.ClientFacts;
import nl.sluis.disclosure.engine.Ground;
import nl.sluis.disclosure.engine.LegalRepresentative;
import nl.sluis.disclosure.engine.LegalRepresentative.Relationship;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

/**
 * What the engine needs about one client: facts (age, care team, representatives, capacity judgements) and grounds; and what the
 * audit trail records about them: the client's BSN and the policy rule (legal ground) of each Consent.
 */
record ClientRecord(ClientFacts facts, List<Ground> grounds, String bsn, Map<String, PolicyRule> policyRules) {

  /** A Consent's {@code policyRule} in our legal-ground code system. */
  record PolicyRule(String code, String display) {}

  /** Immutable: one instance may serve concurrent requests (see {@link DecisionInputCache}). */
  ClientRecord {
    grounds = List.copyOf(grounds);
    policyRules = Map.copyOf(policyRules);
  }

  private static final Set<String> PARENT_CODES = Set.of("PRN", "FTH", "MTH", "NPRN", "NFTH", "NMTH", "ADOPTP",
      "ADOPTF", "ADOPTM", "STPPRN", "STPFTH", "STPMTH", "FTHFOST", "MTHFOST", "PRNFOST");

  /** What points at a client and matters for decisions, fetched in one search with the Patient. */
  private static final List<String> REVERSE_INCLUDES = List.of("CareTeam:subject", "RelatedPerson:patient",
      "Consent:patient");
  /** HAPI's default maximum of included resources per search (JpaStorageSettings), minus a margin. */
  static final int INCLUDE_LIMIT = 900;

  static ClientRecord load(String clientId, FhirRecords records, ConsentMapping consents) {
    return from(clientId, fetch(clientId, records), records, consents);
  }

  /**
   * The stored records a client's decisions rest on: the Patient, its CareTeams, RelatedPersons, Consents, and the
   * judgements that it lacks capacity (Observations: only those, by code, never all of the client's Observations).
   */
  static List<org.hl7.fhir.instance.model.api.IBaseResource> fetch(String clientId, FhirRecords records) {
    List<org.hl7.fhir.instance.model.api.IBaseResource> found = new ArrayList<>(
        records.withReverseIncludes(clientId, REVERSE_INCLUDES));
    if (found.size() >= INCLUDE_LIMIT) {
      // HAPI stops loading includes at its per-page limit: a missed deny provision must not turn into a
      // permit, so read everything with separate, unlimited searches.
      String patientRef = "Patient/" + clientId;
      found = new ArrayList<>();
      records.read(patientRef).ifPresent(found::add);
      found.addAll(records.referencing("CareTeam", "subject", patientRef));
      found.addAll(records.referencing("RelatedPerson", "patient", patientRef));
      found.addAll(records.referencing("Consent", "patient", patientRef));
    }
    found.addAll(records.referencingWithToken("Observation", "subject", "Patient/" + clientId, "code",
        CapacityJudgements.CAPACITY, CapacityJudgements.LACKS_CAPACITY));
    return found;
  }

  /** The engine's view of a client from its stored records (see {@link #fetch}). */
  static ClientRecord from(String clientId, List<? extends org.hl7.fhir.instance.model.api.IBaseResource> found,
      FhirRecords records, ConsentMapping consents) {
    Patient patient = null;
    List<CareTeam> teams = new ArrayList<>();
    List<RelatedPerson> persons = new ArrayList<>();
    List<Consent> clientConsents = new ArrayList<>();
    List<Observation> capacity = new ArrayList<>();
    for (org.hl7.fhir.instance.model.api.IBaseResource resource : found) {
      if (resource instanceof Patient p && clientId.equals(p.getIdElement().getIdPart())) {
        patient = p;
      } else if (resource instanceof CareTeam team && refersTo(team.getSubject(), clientId)) {
        teams.add(team);
      } else if (resource instanceof RelatedPerson person && refersTo(person.getPatient(), clientId)) {
        persons.add(person);
      } else if (resource instanceof Consent consent && refersTo(consent.getPatient(), clientId)) {
        clientConsents.add(consent);
      } else if (resource instanceof Observation judgement && refersTo(judgement.getSubject(), clientId)) {
        capacity.add(judgement);
      }
    }
    LocalDate birthDate = Optional.ofNullable(patient)
        .filter(Patient::hasBirthDate)
        .map(p -> p.getBirthDateElement().getValueAsString())
        .filter(date -> date.length() == 10) // a partial birth date gives no age: the engine fails closed
        .map(LocalDate::parse)
        .orElse(null);
    Set<String> careTeam = new HashSet<>();
    for (CareTeam team : teams) {
      if (team.getStatus() != CareTeam.CareTeamStatus.ACTIVE) {
        continue;
      }
      for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
        memberIds(participant.getMember(), records).forEach(careTeam::add);
      }
    }
    List<LegalRepresentative> representatives = new ArrayList<>();
    for (RelatedPerson person : persons) {
      if (person.hasActive() && !person.getActive()) {
        continue;
      }
      representative(person).ifPresent(representatives::add);
    }
    List<Ground> grounds = new ArrayList<>();
    Map<String, PolicyRule> policyRules = new HashMap<>();
    for (Consent consent : clientConsents) {
      consents.toGround(consent).ifPresent(grounds::add);
      consent.getPolicyRule().getCoding().stream()
          .filter(c -> FhirCodes.LEGAL_GROUND.equals(c.getSystem()) && c.hasCode()).findFirst()
          .ifPresent(c -> policyRules.put("Consent/" + consent.getIdElement().getIdPart(),
              new PolicyRule(c.getCode(), c.getDisplay())));
    }
    String bsn = patient == null ? null : patient.getIdentifier().stream()
        .filter(i -> FhirCodes.BSN.equals(i.getSystem()) && i.hasValue()).map(Identifier::getValue)
        .findFirst().orElse(null);
    Set<String> relatedPersons = new HashSet<>();
    persons.stream().filter(p -> !p.hasActive() || p.getActive())
        .forEach(p -> relatedPersons.add(p.getIdElement().getIdPart()));
    List<CapacityJudgement> judgements = new ArrayList<>();
    for (Observation observation : capacity) {
      CapacityJudgements.of(observation, relatedPersons, consents.zone()).ifPresent(judgements::add);
    }
    return new ClientRecord(new ClientFacts(clientId, birthDate, careTeam, representatives, judgements), grounds, bsn,
        policyRules);
  }

  private static boolean refersTo(Reference reference, String clientId) {
    org.hl7.fhir.instance.model.api.IIdType id = reference.getReferenceElement();
    return "Patient".equals(id.getResourceType()) && clientId.equals(id.getIdPart());
  }

  private static List<String> memberIds(Reference member, FhirRecords records) {
    org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(member.getReference());
    if (id.isAbsolute()) {
      return List.of(); // another server's professional is not ours of the same id
    }
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
