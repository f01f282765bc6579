package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import nl.sluis.disclosure.engine.CapacityJudgement;
import nl.sluis.disclosure.engine.DateRange;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The adapter's reading of a recorded capacity judgement (sluis-Observation-LacksCapacity). */
class CapacityJudgementsTest {

  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

  private static Observation judgement(String... representatives) {
    Observation o = new Observation();
    o.setId("Observation/cap-1");
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding(new Coding(CapacityJudgements.CAPACITY, CapacityJudgements.LACKS_CAPACITY, null));
    o.setSubject(new Reference("Patient/p1"));
    // late in the evening in Amsterdam: the days are the organisation's
    o.setEffective(new Period().setStartElement(new DateTimeType("2026-03-01T23:30:00+01:00"))
        .setEndElement(new DateTimeType("2026-08-31T12:00:00+02:00")));
    o.addPerformer(new Reference("PractitionerRole/r1"));
    o.setValue(new CodeableConcept(new Coding(CapacityJudgements.CAPACITY_MATTER, "information-sharing", null)));
    for (String representative : representatives) {
      o.addExtension(CapacityJudgements.REPRESENTATIVE_EXTENSION, new Reference(representative));
    }
    return o;
  }

  @Test
  void readsMatterPeriodWhoAndTheRepresentativesOfThisClient() {
    CapacityJudgement read = CapacityJudgements.of(judgement("RelatedPerson/rp-mentor"), Set.of("rp-mentor"), AMSTERDAM)
        .orElseThrow();
    assertThat(read.id()).isEqualTo("Observation/cap-1");
    assertThat(read.matter()).isEqualTo(CapacityJudgement.INFORMATION_SHARING);
    assertThat(read.period()).isEqualTo(DateRange.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 8, 31)));
    assertThat(read.assessedBy()).isEqualTo("PractitionerRole/r1");
    assertThat(read.representativeIds()).containsExactly("rp-mentor");
  }

  @Test
  void aRepresentativeWhoIsNoRelatedPersonOfThisClientMatchesNobodyButStillCounts() {
    CapacityJudgement read = CapacityJudgements.of(judgement("RelatedPerson/someone-elses", "Patient/p1"),
        Set.of("rp-mentor"), AMSTERDAM).orElseThrow();
    assertThat(read.representativeIds()).containsExactly("unresolved:RelatedPerson/someone-elses",
        "unresolved:Patient/p1");
  }

  @Test
  void aWithdrawnOrUnstartedJudgementIsNone() {
    Observation withdrawn = judgement("RelatedPerson/rp-mentor").setStatus(Observation.ObservationStatus.ENTEREDINERROR);
    assertThat(CapacityJudgements.of(withdrawn, Set.of("rp-mentor"), AMSTERDAM)).isEmpty();
    Observation noStart = judgement("RelatedPerson/rp-mentor");
    noStart.getEffectivePeriod().setStart(null);
    assertThat(CapacityJudgements.of(noStart, Set.of("rp-mentor"), AMSTERDAM)).isEmpty();
    Observation otherCode = judgement("RelatedPerson/rp-mentor");
    otherCode.getCode().getCodingFirstRep().setCode("has-capacity");
    assertThat(CapacityJudgements.of(otherCode, Set.of("rp-mentor"), AMSTERDAM)).isEmpty();
  }
}
