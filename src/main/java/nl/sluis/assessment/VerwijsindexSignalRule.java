package nl.sluis.assessment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.LocalDate;
import java.time.ZoneId;
import nl.sluis.conformance.GovernedProfiles;
import nl.sluis.disclosure.engine.Age;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;

/**
 * A regional Verwijsindex registers signals about young people only: a record that a signal was issued
 * ({@code sluis-Communication-VerwijsindexSignal}) is refused (422) unless the client's age on the day it was issued
 * lies in the configured range ({@code sluis.assessment.verwijsindex.min-age} to {@code max-age}). What the record
 * may hold (no content, no concern reference, very restricted) the profile says.
 */
@Interceptor
public final class VerwijsindexSignalRule {

  private final DaoRegistry daos;
  private final ZoneId zone;
  private final int minAge;
  private final int maxAge;

  VerwijsindexSignalRule(DaoRegistry daos, ZoneId zone, int minAge, int maxAge) {
    this.daos = daos;
    this.zone = zone;
    this.minAge = minAge;
    this.maxAge = maxAge;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    check(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource updated) {
    check(updated);
  }

  private void check(IBaseResource resource) {
    if (!(resource instanceof Communication signal) || !GovernedProfiles.isVerwijsindexSignal(signal)
        || signal.getStatus() == Communication.CommunicationStatus.ENTEREDINERROR
        || !signal.hasSent() || !signal.getSubject().hasReference()) {
      return; // the profile reports a missing day or client
    }
    LocalDate day = ClientBirthDates.dayOf(signal.getSentElement(), zone);
    if (day == null) {
      throw FindingExtraction.unprocessable(Messages.text("verwijsindex.sentRequired"), "Communication.sent");
    }
    String client = new IdType(signal.getSubject().getReference()).toUnqualifiedVersionless().getValue();
    LocalDate birthDate = ClientBirthDates.of(daos, client);
    if (birthDate == null) {
      throw FindingExtraction.unprocessable(Messages.text("verwijsindex.noBirthDate", client, minAge, maxAge),
          "Communication.subject");
    }
    int age = day.isBefore(birthDate) ? -1 : Age.inYears(birthDate, day);
    if (age < minAge || age > maxAge) {
      throw FindingExtraction.unprocessable(age < 0
          ? Messages.text("verwijsindex.notBorn", day.toString(), minAge, maxAge)
          : Messages.text("verwijsindex.outsideAges", age, day.toString(), minAge, maxAge), "Communication.sent");
    }
  }
}
