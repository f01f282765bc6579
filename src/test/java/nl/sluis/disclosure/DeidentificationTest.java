package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class DeidentificationTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private static Patient patient() {
    Patient patient = new Patient();
    patient.setId("Patient/123");
    patient.addIdentifier().setSystem("http://fhir.nl/fhir/NamingSystem/bsn").setValue("999911120");
    patient.addName().setFamily("de Vries").addGiven("Sanne").setText("Sanne de Vries");
    patient.addTelecom().setValue("0612345678");
    patient.addAddress().addLine("Sluisstraat 1").setCity("Utrecht").setPostalCode("3511 AA");
    patient.setGender(Enumerations.AdministrativeGender.FEMALE);
    patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(LocalDate.now().minusYears(17).toString()));
    patient.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Sanne de Vries</div>");
    return patient;
  }

  private static Observation observation() {
    Observation observation = new Observation();
    observation.setId("Observation/456");
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.getCode().addCoding().setSystem("http://sluis.nl/fhir/CodeSystem/assessment-finding")
        .setCode("vulnerability").setDisplay("Kwetsbaarheid");
    observation.getCode().setText("Sanne is kwetsbaar");
    observation.setSubject(new Reference("Patient/123").setDisplay("Sanne de Vries"));
    observation.setEffective(new DateTimeType("2026-11-20T10:15:00+01:00"));
    observation.setValue(new org.hl7.fhir.r4.model.StringType("woont bij moeder in Utrecht"));
    observation.addNote(new Annotation().setText("Moeder belde op 0612345678"));
    return observation;
  }

  @Test
  void removesPersonalDataAndKeepsCodes() {
    Deidentification anonymiser = new Deidentification(FHIR, ZoneId.of("Europe/Amsterdam"));
    Resource patient = anonymiser.anonymise(patient());
    Resource observation = anonymiser.anonymise(observation());
    String json = FHIR.newJsonParser().encodeResourceToString(patient) + FHIR.newJsonParser().encodeResourceToString(observation);

    assertThat(json).doesNotContain("999911120", "Vries", "Sanne", "0612345678", "Sluisstraat", "Utrecht", "3511",
        "moeder", "kwetsbaar\"", "\"123\"", "Patient/123", "\"456\"", "10:15", "2026-11-20");
    assertThat(json).contains("\"female\"", "vulnerability", "\"2026-11\"", "ANONY", "NORDSCLCD", "16-17");
  }

  @Test
  void pseudonymsAreStableWithinOneDisclosureAndDifferAcrossDisclosures() {
    Deidentification first = new Deidentification(FHIR, ZoneId.of("Europe/Amsterdam"));
    Patient anonymousPatient = (Patient) first.anonymise(patient());
    Observation anonymousObservation = (Observation) first.anonymise(observation());
    assertThat(anonymousObservation.getSubject().getReference())
        .isEqualTo("Patient/" + anonymousPatient.getIdElement().getIdPart());

    Deidentification second = new Deidentification(FHIR, ZoneId.of("Europe/Amsterdam"));
    assertThat(((Observation) second.anonymise(observation())).getSubject().getReference())
        .isNotEqualTo(anonymousObservation.getSubject().getReference());
  }
}
