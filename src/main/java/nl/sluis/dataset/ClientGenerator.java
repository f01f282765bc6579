package nl.sluis.dataset;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.CareTeam;

/**
 * Generates client {@code index} of a data set: a pure function of (spec, index), so that any subset can be
 * generated in any order and gives the same bytes.
 */
final class ClientGenerator {

  /** Age bands of GGZ clients (youth, adults, elderly) and their share in per mille; ages 8 to 90. */
  static final int[][] AGE_BANDS = {{8, 11, 80}, {12, 15, 100}, {16, 17, 60}, {18, 29, 240}, {30, 49, 280},
      {50, 64, 140}, {65, 90, 100}};
  static final int MIN_AGE = 8;
  static final int MAX_AGE = 90;
  /** Per mille of clients with a registered concern; of those, how many were assessed; of those, a legal ground. */
  static final int CONCERN_PER_MILLE = 60;
  static final int ASSESSED_PERCENT = 60;
  static final int LEGAL_GROUND_PERCENT = 20;
  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

  /** LOINC code, display, UCUM unit, low, high (adult values; weight and height scale with age). */
  private record VitalSign(String code, String display, String unit, double low, double high) {}

  private static final VitalSign[] VITAL_SIGNS = {
      new VitalSign("8867-4", "Heart rate", "/min", 50, 110),
      new VitalSign("29463-7", "Body weight", "kg", 50, 120),
      new VitalSign("8302-2", "Body height", "cm", 155, 200),
      new VitalSign("8310-5", "Body temperature", "Cel", 36.0, 38.5),
      new VitalSign("9279-1", "Respiratory rate", "/min", 12, 24),
      new VitalSign("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", 92, 100)};

  private final DataSetSpec spec;
  private final Organisation organisation;

  ClientGenerator(DataSetSpec spec, Organisation organisation) {
    this.spec = spec;
    this.organisation = organisation;
  }

  /** Client {@code index}'s BSN: unique in the data set, eleven-proof, other numbers for other seeds. */
  static String bsn(DataSetSpec spec, int index) {
    return ElevenProof.unique(index, DataSetSpec.MAX_CLIENTS * 3L, spec.seed());
  }

  /** A parent's or contact person's number in the same BSN range, never a client's. */
  private String relatedBsn(int index, int which) {
    return ElevenProof.unique(DataSetSpec.MAX_CLIENTS * (1L + which) + index, DataSetSpec.MAX_CLIENTS * 3L,
        spec.seed());
  }

  static Random random(DataSetSpec spec, int index, String purpose) {
    return new Random(spec.seed() * 1_000_003L + index * 7_919L + purpose.hashCode());
  }

  /** An age at the as-of date from the GGZ age bands. */
  static int age(Random random) {
    int pick = random.nextInt(1000);
    for (int[] band : AGE_BANDS) {
      if (pick < band[2]) {
        return band[0] + random.nextInt(band[1] - band[0] + 1);
      }
      pick -= band[2];
    }
    throw new IllegalStateException("age bands do not add up to 1000");
  }

  GeneratedClient generate(int index) {
    Random random = random(spec, index, "client");
    String prefix = spec.idPrefix() + "c" + index;
    LocalDate asOf = spec.asOf();
    int age = age(random);
    LocalDate birthDate = asOf.minusYears(age).minusDays(random.nextInt(365));
    boolean female = random.nextBoolean();
    String[] surname = DutchName.surname(random);
    DutchName name = age >= 25 && random.nextInt(10) < 4
        ? DutchName.withPartner(random, DutchName.givenNames(random, female), surname, DutchName.surname(random))
        : DutchName.own(DutchName.givenNames(random, female), surname);
    DutchAddress address = DutchAddress.random(random);
    String bsn = bsn(spec, index);

    Patient patient = Fhir.withId(new Patient(), prefix);
    patient.addIdentifier(Fhir.identifier(Fhir.BSN, bsn));
    patient.setActive(true);
    patient.addName(name.official(false));
    patient.addName(name.usual());
    patient.setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
    patient.setBirthDateElement(new DateType(birthDate.toString()));
    patient.addAddress(address.toFhir());
    patient.addTelecom(phone(random));
    patient.setManagingOrganization(Fhir.ref(organisation.self, organisation.name));
    Reference subject = Fhir.ref(patient, name.display());

    List<Resource> resources = new ArrayList<>();
    resources.add(patient);
    List<RelatedPerson> parents = new ArrayList<>();
    List<RelatedPerson> contacts = new ArrayList<>();
    if (age < 18) {
      parents.add(parent(prefix + "-moeder", index, 1, random, subject, "MTH", "Mother", true, surname, address));
      if (random.nextInt(100) < 85) {
        parents.add(parent(prefix + "-vader", index, 2, random, subject, "FTH", "Father", false, surname, address));
      }
      contacts.addAll(parents);
    } else if (random.nextBoolean()) {
      contacts.add(contactPerson(prefix + "-contact", random, subject, age, surname, address));
    }
    resources.addAll(contacts);

    LocalDate careStart = later(asOf.minusDays(30 + random.nextInt(700)), birthDate.plusYears(MIN_AGE));
    Professional lead = organisation.leaders.get(index % organisation.leaders.size());
    Professional therapist = organisation.therapists.get(index % organisation.therapists.size());
    resources.add(careTeam(prefix + "-team", subject, lead, therapist, careStart));

    ConsentRule rule = ConsentRule.forAge(age);
    resources.add(clientConsent(prefix + "-toestemming", random, patient, subject, parents, birthDate, careStart,
        name));

    Random concerns = random(spec, index, "concern");
    if (concerns.nextInt(1000) < CONCERN_PER_MILLE) {
      boolean assessed = concerns.nextInt(100) < ASSESSED_PERCENT;
      LocalDate concernDay = careStart.plusDays(concerns.nextInt(
          (int) Math.max(1, asOf.toEpochDay() - careStart.toEpochDay() - 14)));
      QuestionnaireResponse concern = Assessments.concern(concerns, prefix + "-zorgsignaal", subject, lead,
          dateTime(concernDay, 10, 15), assessed);
      resources.add(concern);
      if (assessed) {
        QuestionnaireResponse assessment = Assessments.assessment(concerns, prefix + "-inschatting", subject, lead,
            organisation.aandachtsfunctionaris, concern, contacts, dateTime(concernDay.plusDays(7), 14, 0));
        resources.add(assessment);
        if (concerns.nextInt(100) < LEGAL_GROUND_PERCENT) {
          QuestionnaireResponse weighing = Assessments.weighing(prefix + "-afweging", subject, lead, assessment,
              dateTime(concernDay.plusDays(8), 9, 0));
          resources.add(weighing); // before the ground that rests on it: the server checks it on write
          resources.add(legalGround(prefix + "-grondslag", subject, lead, assessment, weighing,
              concernDay.plusDays(8)));
        }
      }
    }

    Random vitals = random(spec, index, "observations");
    int observations = 1 + vitals.nextInt(5);
    for (int i = 0; i < observations; i++) {
      resources.add(vitalSign(prefix + "-obs-" + i, vitals, subject, age, careStart));
    }
    return new GeneratedClient(index, patient, bsn, birthDate, age, rule, List.copyOf(resources));
  }

  private RelatedPerson parent(String id, int index, int which, Random random, Reference client, String code,
      String display, boolean female, String[] childSurname, DutchAddress address) {
    // The child has the father's surname (most common); the mother her own, some using the father's as well.
    DutchName name = female
        ? DutchName.withPartner(random, DutchName.givenNames(random, true), DutchName.surname(random), childSurname)
        : DutchName.own(DutchName.givenNames(random, false), childSurname);
    RelatedPerson parent = Fhir.withId(new RelatedPerson(), id);
    parent.setActive(true);
    parent.setPatient(client.copy());
    // Role 24 Wettelijke vertegenwoordiger: a parent with authority (gezag), whose consent counts under 16.
    parent.addRelationship(Fhir.concept(Fhir.CONTACT_ROLE, "24", "Wettelijke vertegenwoordiger"));
    parent.addRelationship(Fhir.concept(Fhir.V3_ROLE_CODE, code, display));
    parent.addName(name.official(false));
    parent.setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
    parent.addTelecom(phone(random));
    parent.addAddress(address.toFhir());
    return parent;
  }

  private RelatedPerson contactPerson(String id, Random random, Reference client, int age, String[] surname,
      DutchAddress address) {
    boolean partner = age >= 25;
    boolean female = random.nextBoolean();
    RelatedPerson person = Fhir.withId(new RelatedPerson(), id);
    person.setActive(true);
    person.setPatient(client.copy());
    person.addRelationship(Fhir.concept(Fhir.CONTACT_ROLE, "01", "Eerste relatie/contactpersoon"));
    person.addRelationship(partner
        ? Fhir.concept(Fhir.V3_ROLE_CODE, female ? "WIFE" : "HUSB", female ? "Wife" : "Husband")
        : Fhir.concept(Fhir.V3_ROLE_CODE, female ? "MTH" : "FTH", female ? "Mother" : "Father"));
    DutchName name = partner ? DutchName.own(DutchName.givenNames(random, female), DutchName.surname(random))
        : DutchName.own(DutchName.givenNames(random, female), surname);
    person.addName(name.official(false));
    person.setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
    person.addTelecom(phone(random));
    if (!partner || random.nextBoolean()) {
      person.addAddress(address.toFhir());
    }
    return person;
  }

  private CareTeam careTeam(String id, Reference client, Professional lead, Professional therapist,
      LocalDate start) {
    CareTeam team = Fhir.withId(new CareTeam(), id);
    team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
    team.setName("Behandelteam");
    team.setSubject(client.copy());
    team.setPeriod(new Period().setStartElement(new DateTimeType(start.toString())));
    for (Professional member : List.of(lead, therapist)) {
      team.addParticipant().addRole(new CodeableConcept(member.role().getCodeFirstRep().getCodingFirstRep().copy()))
          .setMember(Fhir.ref(member.role(), member.display()));
    }
    team.addManagingOrganization(Fhir.ref(organisation.self, organisation.name));
    return team;
  }

  /**
   * The consent given at intake to share identification and Observations with the client's GP practice (by URA)
   * for treatment. Performers follow {@link ConsentRule} for the client's age on the consent's day; the day is moved
   * past a 12th or 16th birthday before the as-of date, so that the same rule holds on both days.
   */
  private Consent clientConsent(String id, Random random, Patient patient, Reference client,
      List<RelatedPerson> parents, LocalDate birthDate, LocalDate careStart, DutchName name) {
    LocalDate day = careStart.plusDays(random.nextInt(14));
    day = day.isAfter(spec.asOf()) ? spec.asOf() : day;
    ConsentRule rule = ConsentRule.forAge(ageOn(birthDate, spec.asOf()));
    if (ConsentRule.forAge(ageOn(birthDate, day)) != rule) {
      day = birthDate.plusYears(rule == ConsentRule.CLIENT ? 16 : 12);
    }
    Consent consent = Fhir.withId(new Consent(), id);
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.setScope(Fhir.concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy",
        "Privacy Consent"));
    consent.addCategory(Fhir.concept(Fhir.LOINC, "64292-6", "Release of information consent"));
    consent.addCategory(Fhir.concept(Fhir.SLUIS_CS + "consent-category", "client-consent", "Toestemming cliënt"));
    consent.setPatient(client.copy());
    consent.setDateTimeElement(dateTime(day, 11, 0));
    if (rule.client()) {
      consent.addPerformer(client.copy());
    }
    if (rule.parents()) {
      for (RelatedPerson parent : parents) {
        consent.addPerformer(Fhir.ref(parent, parent.getNameFirstRep().getText()));
      }
    }
    consent.addOrganization(Fhir.ref(organisation.self, organisation.name)
        .setIdentifier(Fhir.identifier(Fhir.URA, organisation.ura)));
    consent.setPolicyRule(Fhir.concept(Fhir.SLUIS_CS + "legal-ground", "consent", "Toestemming"));
    Consent.ProvisionComponent provision = consent.getProvision();
    provision.setType(Consent.ConsentProvisionType.PERMIT);
    provision.setPeriod(new Period().setStartElement(new DateTimeType(day.toString())));
    provision.addActor().setRole(Fhir.concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP",
        "information recipient")).setReference(Fhir.uraRef(organisation.recipientUra,
        organisation.generalPractice.getName()));
    provision.addAction(Fhir.concept("http://terminology.hl7.org/CodeSystem/consentaction", "disclose", "Disclose"));
    provision.addPurpose(Fhir.coding(Fhir.V3_ACT_REASON, "TREAT", "treatment"));
    provision.addClass_(Fhir.coding("http://hl7.org/fhir/resource-types", "Observation", null));
    provision.addClass_(Fhir.coding("http://hl7.org/fhir/resource-types", "Patient", null));
    return consent;
  }

  /**
   * A report to Veilig Thuis on the right to report (meldrecht), decided by the treatment lead (a role allowed to
   * record legal grounds) on its documented weighing: narrow (the assessment only, one month).
   */
  private Consent legalGround(String id, Reference client, Professional lead, QuestionnaireResponse deliberation,
      QuestionnaireResponse weighing, LocalDate day) {
    Consent ground = Fhir.withId(new Consent(), id);
    ground.addExtension(Fhir.SLUIS_SD + "sluis-ext-Deliberation",
        new Reference("QuestionnaireResponse/" + weighing.getIdPart()));
    ground.setStatus(Consent.ConsentState.ACTIVE);
    ground.setScope(Fhir.concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy",
        "Privacy Consent"));
    ground.addCategory(Fhir.concept(Fhir.SLUIS_CS + "consent-category", "legal-ground",
        "Grondslag zonder toestemming"));
    ground.setPatient(client.copy());
    ground.setDateTimeElement(dateTime(day, 9, 30));
    ground.addPerformer(Fhir.ref(lead.role(), lead.display()));
    ground.addOrganization(Fhir.ref(organisation.self, organisation.name)
        .setIdentifier(Fhir.identifier(Fhir.URA, organisation.ura)));
    ground.setPolicyRule(Fhir.concept(Fhir.SLUIS_CS + "legal-ground", "right-to-report", "Wettelijk meldrecht"));
    Consent.ProvisionComponent provision = ground.getProvision();
    provision.setType(Consent.ConsentProvisionType.PERMIT);
    provision.setPeriod(new Period().setStartElement(new DateTimeType(day.toString()))
        .setEndElement(new DateTimeType(day.plusMonths(1).toString())));
    provision.addActor().setRole(Fhir.concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP",
        "information recipient")).setReference(Fhir.ref(organisation.veiligThuis,
        organisation.veiligThuis.getName()));
    provision.addAction(Fhir.concept("http://terminology.hl7.org/CodeSystem/consentaction", "disclose", "Disclose"));
    provision.addPurpose(Fhir.coding(Fhir.V3_ACT_REASON, "THREAT", "threat"));
    provision.addCode(Fhir.concept(Fhir.SLUIS_CS + "data-category", "assessment", "Inschatting situatie en risico's"));
    provision.addData().setMeaning(Consent.ConsentDataMeaning.INSTANCE)
        .setReference(new Reference("QuestionnaireResponse/" + deliberation.getIdPart()));
    return ground;
  }

  private Observation vitalSign(String id, Random random, Reference client, int age, LocalDate careStart) {
    VitalSign sign = VITAL_SIGNS[random.nextInt(VITAL_SIGNS.length)];
    double scale = sign.unit().equals("kg") && age < 18 ? 0.35 + age * 0.035
        : sign.unit().equals("cm") && age < 18 ? 0.7 + age * 0.017 : 1;
    double value = Math.round((sign.low() + random.nextDouble() * (sign.high() - sign.low())) * scale * 10) / 10.0;
    LocalDate day = careStart.plusDays(random.nextInt((int) Math.max(1,
        spec.asOf().toEpochDay() - careStart.toEpochDay())));
    Observation observation = Fhir.withId(new Observation(), id);
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.addCategory(Fhir.concept("http://terminology.hl7.org/CodeSystem/observation-category",
        "vital-signs", "Vital Signs"));
    observation.setCode(Fhir.concept(Fhir.LOINC, sign.code(), sign.display()));
    observation.setSubject(client.copy());
    observation.setEffective(dateTime(day, 8 + random.nextInt(9), random.nextInt(4) * 15));
    observation.setValue(new Quantity().setValue(value).setUnit(sign.unit())
        .setSystem("http://unitsofmeasure.org").setCode(sign.unit()));
    return observation;
  }

  private static ContactPoint phone(Random random) {
    return new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE)
        .setUse(ContactPoint.ContactPointUse.MOBILE)
        .setValue(String.format(java.util.Locale.ROOT, "06-%08d", random.nextInt(100_000_000)));
  }

  /** A dateTime with the Dutch offset of that day (+01:00 or +02:00), independent of the JVM's zone. */
  static DateTimeType dateTime(LocalDate day, int hour, int minute) {
    String text = LocalDateTime.of(day, java.time.LocalTime.of(hour, minute)).atZone(AMSTERDAM)
        .toOffsetDateTime().toString();
    return new DateTimeType(text.length() == 22 ? text.substring(0, 16) + ":00" + text.substring(16) : text);
  }

  static int ageOn(LocalDate birthDate, LocalDate day) {
    return java.time.Period.between(birthDate, day).getYears();
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }
}
