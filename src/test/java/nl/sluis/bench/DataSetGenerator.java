package nl.sluis.bench;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;

/**
 * The benchmark's data set: Patients with BSN identifiers, names and birth dates (valid for the
 * sluis-Patient profile), per Patient one client Consent for the external organisation, and vital-sign
 * Observations. Every resource is a pure function of (seed, index), so loaders can build bundles in any
 * order and every run loads the same content. No meta.profile (the server infers the governed profiles).
 */
final class DataSetGenerator {

  static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";
  /**
   * Birth dates lie in [1930-01-01, 2008-12-31]: every client is 16 or older on any day from 2024-12-31
   * on, so the client alone may consent (a fixed range keeps the data set independent of the run date).
   */
  static final LocalDate BORN_FROM = LocalDate.of(1930, 1, 1);
  static final LocalDate BORN_UNTIL = LocalDate.of(2008, 12, 31);
  /**
   * Patients loaded after the measured ones, without consent, one Observation each: the external
   * requester must not see them (the configuration check before measuring). Never measured.
   */
  static final int UNCONSENTED_PATIENTS = 10;
  /** Start (and dateTime) of every client consent: in the past for any run. */
  static final LocalDate CONSENT_START = LocalDate.of(2025, 1, 1);

  private static final String[] FAMILY = {"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk",
      "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
      "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf"};
  private static final String[] GIVEN_FEMALE = {"Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara",
      "Nora", "Anna", "Eva", "Fenna", "Lotte", "Saar", "Maria", "Anouk", "Femke"};
  private static final String[] GIVEN_MALE = {"Noah", "Sem", "Liam", "Lucas", "Daan", "Finn", "Levi",
      "Luuk", "Mees", "James", "Milan", "Bram", "Jan", "Pieter", "Willem", "Thijs"};

  /** LOINC code, display, UCUM unit, low, high. */
  private record VitalSign(String code, String display, String unit, double low, double high) {}

  private static final VitalSign[] VITAL_SIGNS = {
      new VitalSign("8867-4", "Heart rate", "/min", 45, 130),
      new VitalSign("29463-7", "Body weight", "kg", 3, 140),
      new VitalSign("8302-2", "Body height", "cm", 50, 205),
      new VitalSign("8310-5", "Body temperature", "Cel", 35.5, 40),
      new VitalSign("9279-1", "Respiratory rate", "/min", 10, 30),
      new VitalSign("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", 85, 100)};

  private final long seed;
  private final int patients;
  private final long bsnStride;

  DataSetGenerator(long seed, int patients) {
    this.seed = seed;
    this.patients = patients;
    this.bsnStride = Math.max(16, 80_000_000L / patients);
  }

  int patients() {
    return patients;
  }

  private Random random(String kind, long index) {
    return new Random(seed * 1_000_003L + kind.hashCode() * 7_919L + index);
  }

  /**
   * A 9-digit number that passes the BSN eleven-test, unique per index: the 8-digit prefixes are
   * {@code bsnStride} apart, and moving to the next prefix when the check digit would be 10 takes only a
   * few steps.
   */
  String bsn(int index) {
    for (long prefix = 10_000_000L + index * bsnStride; ; prefix++) {
      String bsn = nl.sluis.dataset.ElevenProof.complete(prefix);
      if (bsn != null) {
        return bsn;
      }
    }
  }

  String patientJson(int index) {
    Random random = random("Patient", index);
    boolean female = random.nextBoolean();
    String[] givenNames = female ? GIVEN_FEMALE : GIVEN_MALE;
    String given = givenNames[random.nextInt(givenNames.length)];
    String family = FAMILY[random.nextInt(FAMILY.length)];
    LocalDate birthDate = BORN_FROM.plusDays(random.nextInt((int) (BORN_UNTIL.toEpochDay() - BORN_FROM.toEpochDay()) + 1));
    // sluis-Patient: a BSN passing the 11-proof, an official name whose given names say what they are
    // (iso21090-EN-qualifier BR = birth name), a birth date.
    return "{\"resourceType\":\"Patient\","
        + "\"identifier\":[{\"system\":\"" + BSN_SYSTEM + "\",\"value\":\"" + bsn(index) + "\"}],"
        + "\"active\":true,"
        + "\"name\":[{\"use\":\"official\",\"family\":\"" + family + "\",\"given\":[\"" + given + "\"],"
        + "\"_given\":[{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier\","
        + "\"valueCode\":\"BR\"}]}]}],"
        + "\"gender\":\"" + (female ? "female" : "male") + "\","
        + "\"birthDate\":\"" + birthDate + "\"}";
  }

  /**
   * The client's own consent (16 or older: the client alone decides) permitting the external organisation
   * to receive the client's Observations and Patient record for treatment; as DisclosureFixture, with fixed
   * dates. Valid for sluis-Consent-ClientConsent.
   */
  String consentJson(String patientId) {
    return "{\"resourceType\":\"Consent\",\"status\":\"active\","
        + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
        + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"64292-6\"}]},"
        + "{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/consent-category\",\"code\":\"client-consent\"}]}],"
        + "\"patient\":{\"reference\":\"Patient/" + patientId + "\"},\"dateTime\":\"" + CONSENT_START + "\","
        + "\"performer\":[{\"reference\":\"Patient/" + patientId + "\"}],"
        + "\"policyRule\":{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/legal-ground\",\"code\":\"consent\"}]},"
        + "\"provision\":{\"type\":\"permit\",\"period\":{\"start\":\"" + CONSENT_START + "\"},"
        + "\"actor\":[{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},"
        + "\"reference\":{\"identifier\":{\"system\":\"http://fhir.nl/fhir/NamingSystem/ura\",\"value\":\""
        + BenchTokens.EXTERNAL_URA + "\"}}}],"
        + "\"action\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentaction\",\"code\":\"disclose\"}]}],"
        + "\"purpose\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"TREAT\"}],"
        + "\"class\":[{\"system\":\"http://hl7.org/fhir/resource-types\",\"code\":\"Observation\"},"
        + "{\"system\":\"http://hl7.org/fhir/resource-types\",\"code\":\"Patient\"}]}}";
  }

  /** Which patient (by index) Observation {@code index} belongs to: uniform, so about 5 each by default. */
  int observationSubject(int index) {
    return random("Subject", index).nextInt(patients);
  }

  String observationJson(long index, String patientId) {
    Random random = random("Observation", index);
    VitalSign sign = VITAL_SIGNS[random.nextInt(VITAL_SIGNS.length)];
    double value = Math.round((sign.low() + random.nextDouble() * (sign.high() - sign.low())) * 10) / 10.0;
    LocalDateTime effective = LocalDateTime.of(2015, 1, 1, 0, 0)
        .plusMinutes(random.nextInt(10 * 365 * 24 * 60));
    return "{\"resourceType\":\"Observation\",\"status\":\"final\","
        + "\"category\":[{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],"
        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" + sign.code()
        + "\",\"display\":\"" + sign.display() + "\"}]},"
        + "\"subject\":{\"reference\":\"Patient/" + patientId + "\"},"
        + "\"effectiveDateTime\":\"" + effective + ":00Z\","
        + "\"valueQuantity\":{\"value\":" + value + ",\"unit\":\"" + sign.unit()
        + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + sign.unit() + "\"}}";
  }
}
