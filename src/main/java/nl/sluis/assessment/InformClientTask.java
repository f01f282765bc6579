package nl.sluis.assessment;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import nl.sluis.conformance.GovernedProfiles;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The task "inform the client whom you approached" (the guidance: "Informeer de cliënt wie u benadert") that a
 * recorded network contact or a disclosure on a legal ground calls for ({@code sluis-Task-InformClient}). Which
 * records call for it: a network contact that is not entered in error, and a legal-ground Consent that is active
 * (recording the ground is the professional's decision to disclose). Pure: no storage.
 */
final class InformClientTask {

  static final String PROFILE = GovernedProfiles.SD + "sluis-Task-InformClient";
  static final String TASK_TYPE = GovernedProfiles.BASE + "CodeSystem/task-type";
  static final String INFORM_CLIENT = "inform-client";
  static final String NOT_DONE_REASON = GovernedProfiles.BASE + "CodeSystem/inform-client-not-done-reason";
  private static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

  private InformClientTask() {
  }

  /**
   * The task a record calls for, due {@code within} after the day of the contact or ground (today when the record
   * gives none); empty when the record calls for none.
   */
  static Optional<Task> forRecord(DomainResource record, String reference, Period within, ZoneId zone, Date now) {
    if (record instanceof Communication contact && GovernedProfiles.isNetworkContact(contact)
        && contact.getStatus() != Communication.CommunicationStatus.ENTEREDINERROR) {
      return Optional.of(task(record, reference, contact.getSubject(), contact.getSender(),
          "Cliënt informeren over het gesprek met ouders of netwerk" + on(contact.getSentElement(), zone),
          dayOf(contact.getSentElement(), zone, now), within, now));
    }
    if (record instanceof Consent ground && GovernedProfiles.isLegalGround(ground)
        && ground.getStatus() == Consent.ConsentState.ACTIVE) {
      Reference performer = ground.getPerformer().stream().filter(Reference::hasReference).findFirst()
          .orElse(new Reference());
      return Optional.of(task(record, reference, ground.getPatient(), performer,
          "Cliënt informeren over de verstrekking zonder toestemming op grond van " + groundName(ground)
              + recipient(ground),
          dayOf(ground.getDateTimeElement(), zone, now), within, now));
    }
    return Optional.empty();
  }

  /** A network contact or legal ground marked entered-in-error: it approached nobody. */
  static boolean isEnteredInError(DomainResource record) {
    return record instanceof Communication contact && GovernedProfiles.isNetworkContact(contact)
        && contact.getStatus() == Communication.CommunicationStatus.ENTEREDINERROR
        || record instanceof Consent ground && GovernedProfiles.isLegalGround(ground)
        && ground.getStatus() == Consent.ConsentState.ENTEREDINERROR;
  }

  /** Whether a Task is an inform-the-client task (by its code). */
  static boolean isInformClient(Task task) {
    return task.getCode().getCoding().stream()
        .anyMatch(c -> TASK_TYPE.equals(c.getSystem()) && INFORM_CLIENT.equals(c.getCode()));
  }

  private static Task task(DomainResource record, String reference, Reference client, Reference owner,
      String description, LocalDate day, Period within, Date now) {
    Task task = new Task();
    task.getMeta().addProfile(PROFILE);
    // The task reveals that the contact or ground exists: it is as confidential as the record it is about.
    record.getMeta().getSecurity().stream().filter(c -> CONFIDENTIALITY.equals(c.getSystem()))
        .forEach(c -> task.getMeta().addSecurity(c.copy()));
    task.setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
    task.getCode().addCoding(new Coding(TASK_TYPE, INFORM_CLIENT, "Cliënt informeren"));
    task.setDescription(description);
    task.setFocus(new Reference(reference));
    task.setFor(new Reference(client.getReference()));
    task.setOwner(new Reference(owner.getReference()).setDisplay(owner.getDisplay()));
    task.setAuthoredOn(now);
    task.getRestriction().getPeriod().setEndElement(new DateTimeType(day.plus(within).toString()));
    return task;
  }

  private static LocalDate dayOf(DateTimeType moment, ZoneId zone, Date now) {
    LocalDate day = moment.hasValue() ? ClientBirthDates.dayOf(moment, zone) : null;
    return day != null ? day : now.toInstant().atZone(zone).toLocalDate();
  }

  private static String on(DateTimeType sent, ZoneId zone) {
    LocalDate day = sent.hasValue() ? ClientBirthDates.dayOf(sent, zone) : null;
    return day == null ? "" : " op " + day;
  }

  private static String groundName(Consent ground) {
    return ground.getPolicyRule().getCoding().stream().findFirst()
        .map(c -> c.hasDisplay() ? c.getDisplay().toLowerCase(java.util.Locale.ROOT) : c.getCode()).orElse("een grondslag");
  }

  private static String recipient(Consent ground) {
    return ground.getProvision().getActor().stream().map(a -> a.getReference().getDisplay())
        .filter(d -> d != null && !d.isBlank()).findFirst().map(d -> " aan " + d).orElse("");
  }
}
