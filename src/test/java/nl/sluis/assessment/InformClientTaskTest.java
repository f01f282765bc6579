package nl.sluis.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Which records call for an inform-the-client task, and what it says. */
class InformClientTaskTest {

  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
  private static final Date NOW = Date.from(Instant.parse("2026-12-05T10:00:00Z"));

  private static Communication contact() {
    Communication contact = new Communication();
    contact.addCategory(new CodeableConcept(new Coding("http://sluis.nl/fhir/CodeSystem/communication-category",
        "network-contact", null)));
    contact.setStatus(Communication.CommunicationStatus.COMPLETED);
    contact.setSubject(new Reference("Patient/1")).setSender(new Reference("PractitionerRole/2").setDisplay("A. Jansen"));
    contact.setSentElement(new DateTimeType("2026-11-30T23:30:00Z")); // 1 December in Amsterdam
    contact.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "V", null);
    return contact;
  }

  @Test
  void aNetworkContactCallsForATaskDueFromTheDayOfTheTalkAsConfidentialAsTheContact() {
    Task task = InformClientTask.forRecord(contact(), "Communication/9", Period.ofDays(7), AMSTERDAM, NOW).orElseThrow();
    assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
    assertThat(task.getFor().getReference()).isEqualTo("Patient/1");
    assertThat(task.getOwner().getReference()).isEqualTo("PractitionerRole/2");
    assertThat(task.getFocus().getReference()).isEqualTo("Communication/9");
    assertThat(task.getRestriction().getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-12-08");
    assertThat(task.getDescription()).isEqualTo("Cliënt informeren over het gesprek met ouders of netwerk op 2026-12-01");
    assertThat(task.getMeta().getSecurity()).extracting(Coding::getCode).containsExactly("V");
    assertThat(InformClientTask.isInformClient(task)).isTrue();
  }

  @Test
  void aContactEnteredInErrorOrAnyOtherCommunicationCallsForNone() {
    Communication wrong = contact().setStatus(Communication.CommunicationStatus.ENTEREDINERROR);
    assertThat(InformClientTask.forRecord(wrong, "Communication/9", Period.ofDays(7), AMSTERDAM, NOW)).isEmpty();
    Communication other = contact();
    other.getCategory().clear();
    assertThat(InformClientTask.forRecord(other, "Communication/9", Period.ofDays(7), AMSTERDAM, NOW)).isEmpty();
  }

  @Test
  void onlyAnActiveLegalGroundCallsForATaskNotAClientsConsent() {
    Consent ground = new Consent().setStatus(Consent.ConsentState.ACTIVE).setPatient(new Reference("Patient/1"));
    ground.getPolicyRule().addCoding(new Coding("http://sluis.nl/fhir/CodeSystem/legal-ground", "conflict-of-duties",
        "Conflict van plichten"));
    ground.addPerformer(new Reference("Practitioner/3"));
    ground.getProvision().addActor().setReference(new Reference("Organization/4").setDisplay("Veilig Thuis"));
    Task task = InformClientTask.forRecord(ground, "Consent/5", Period.ofDays(3), AMSTERDAM, NOW).orElseThrow();
    assertThat(task.getOwner().getReference()).isEqualTo("Practitioner/3");
    assertThat(task.getDescription())
        .isEqualTo("Cliënt informeren over de verstrekking zonder toestemming op grond van conflict van plichten aan Veilig Thuis");
    assertThat(task.getRestriction().getPeriod().getEndElement().getValueAsString()).as("no date: from today")
        .isEqualTo("2026-12-08");
    assertThat(InformClientTask.forRecord(ground.copy().setStatus(Consent.ConsentState.DRAFT), "Consent/5",
        Period.ofDays(3), AMSTERDAM, NOW)).isEmpty();
    Consent consent = ground.copy();
    consent.getPolicyRule().getCodingFirstRep().setCode("consent");
    assertThat(InformClientTask.forRecord(consent, "Consent/5", Period.ofDays(3), AMSTERDAM, NOW)).isEmpty();
  }
}
