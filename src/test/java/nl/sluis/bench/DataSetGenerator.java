package nl.sluis.bench;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;

/**
 * The benchmark's data set: Patients with BSN-like identifiers, names and birth dates, and vital-sign
 * Observations. Every resource is a pure function of (seed, index), so loaders can build bundles in any
 * order and every run loads the same content. Plain base R4, no meta.profile.
 */
final class DataSetGenerator {

  static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";

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
    long prefix = 10_000_000L + index * bsnStride;
    while (true) {
      String digits = Long.toString(prefix);
      int sum = 0;
      for (int i = 0; i < 8; i++) {
        sum += (digits.charAt(i) - '0') * (9 - i);
      }
      int check = sum % 11;
      if (check < 10) {
        return digits + check;
      }
      prefix++;
    }
  }

  String patientJson(int index) {
    Random random = random("Patient", index);
    boolean female = random.nextBoolean();
    String[] givenNames = female ? GIVEN_FEMALE : GIVEN_MALE;
    String given = givenNames[random.nextInt(givenNames.length)];
    String family = FAMILY[random.nextInt(FAMILY.length)];
    LocalDate birthDate = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(90 * 365));
    return "{\"resourceType\":\"Patient\","
        + "\"identifier\":[{\"system\":\"" + BSN_SYSTEM + "\",\"value\":\"" + bsn(index) + "\"}],"
        + "\"active\":true,"
        + "\"name\":[{\"use\":\"official\",\"family\":\"" + family + "\",\"given\":[\"" + given + "\"]}],"
        + "\"gender\":\"" + (female ? "female" : "male") + "\","
        + "\"birthDate\":\"" + birthDate + "\"}";
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
