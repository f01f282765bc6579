package nl.sluis.disclosure;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.sluis.disclosure.engine.CapacityJudgement;
import nl.sluis.disclosure.engine.DateRange;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reads the recorded judgements that a client lacks capacity (wilsonbekwaam) regarding a matter: Observations of
 * profile {@code sluis-Observation-LacksCapacity} (code {@code capacity#lacks-capacity}, value the matter,
 * effectivePeriod, performer who judged, issued when, extension {@code sluis-ext-Representative}).
 */
final class CapacityJudgements {

  static final String CAPACITY = "http://sluis.nl/fhir/CodeSystem/capacity";
  static final String LACKS_CAPACITY = "lacks-capacity";
  static final String CAPACITY_MATTER = "http://sluis.nl/fhir/CodeSystem/capacity-matter";
  static final String REPRESENTATIVE_EXTENSION = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-Representative";
  /** A judgement withdrawn or still being written is no judgement. */
  private static final Set<Observation.ObservationStatus> IN_FORCE = Set.of(Observation.ObservationStatus.FINAL,
      Observation.ObservationStatus.AMENDED, Observation.ObservationStatus.CORRECTED);

  private CapacityJudgements() {
  }

  static boolean isJudgement(Observation observation) {
    return observation.getCode().getCoding().stream()
        .anyMatch(c -> CAPACITY.equals(c.getSystem()) && LACKS_CAPACITY.equals(c.getCode()));
  }

  /**
   * The judgement, if the Observation is one in force with a start. A named representative that is not a
   * RelatedPerson of this client ({@code clientsRelatedPersons}) is kept as unresolved: it matches nobody, and the
   * judgement still names someone, so no other representative takes its place (fail closed).
   */
  static Optional<CapacityJudgement> of(Observation observation, Set<String> clientsRelatedPersons, ZoneId zone) {
    if (!isJudgement(observation) || !IN_FORCE.contains(observation.getStatus())
        || !observation.hasEffectivePeriod() || !observation.getEffectivePeriod().hasStart()) {
      return Optional.empty();
    }
    String matter = observation.hasValueCodeableConcept() ? observation.getValueCodeableConcept().getCoding().stream()
        .filter(c -> CAPACITY_MATTER.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse("unknown")
        : "unknown";
    Period period = observation.getEffectivePeriod();
    LocalDate start = date(period.getStart(), zone);
    LocalDate end = period.hasEnd() ? date(period.getEnd(), zone) : null;
    if (end != null && end.isBefore(start)) {
      return Optional.empty();
    }
    List<String> representatives = new ArrayList<>();
    for (Extension extension : observation.getExtensionsByUrl(REPRESENTATIVE_EXTENSION)) {
      if (extension.getValue() instanceof Reference reference) {
        org.hl7.fhir.instance.model.api.IIdType id = reference.getReferenceElement();
        boolean ours = "RelatedPerson".equals(id.getResourceType()) && clientsRelatedPersons.contains(id.getIdPart());
        representatives.add(ours ? id.getIdPart() : "unresolved:" + reference.getReference());
      }
    }
    String assessedBy = observation.getPerformer().stream().map(Reference::getReference).findFirst().orElse(null);
    LocalDate assessedOn = observation.hasIssued() ? date(observation.getIssued(), zone) : null;
    return Optional.of(new CapacityJudgement("Observation/" + observation.getIdElement().getIdPart(), matter,
        DateRange.of(start, end), assessedBy, assessedOn, representatives));
  }

  private static LocalDate date(java.util.Date date, ZoneId zone) {
    return date.toInstant().atZone(zone).toLocalDate();
  }
}
