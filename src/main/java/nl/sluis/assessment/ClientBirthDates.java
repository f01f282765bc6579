package nl.sluis.assessment;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.LocalDate;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/** The client's age on the day something happened, for the write rules that depend on it. */
final class ClientBirthDates {

  private ClientBirthDates() {
  }

  /**
   * The client's birth date, or null when the client or the date is unknown. A partial birth date counts from its
   * first day: the client is taken to be as old as they can be, so that an age rule applies rather than not (fail
   * safe).
   */
  static LocalDate of(DaoRegistry daos, String client) {
    try {
      Patient patient = daos.getResourceDao(Patient.class).read(new IdType(client), new SystemRequestDetails());
      return patient.hasBirthDate() ? NetworkContactRule.firstDay(patient.getBirthDateElement().getValueAsString())
          : null;
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return null;
    }
  }

  /** The day of a dateTime in the organisation's time zone, or null when it does not give a day. */
  static LocalDate dayOf(DateTimeType moment, ZoneId zone) {
    if (moment.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
      return null;
    }
    return moment.getPrecision() == TemporalPrecisionEnum.DAY
        ? LocalDate.parse(moment.getValueAsString())
        : moment.getValue().toInstant().atZone(zone).toLocalDate();
  }
}
