package nl.sluis.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;

/**
 * The GGZ organisation of a data set: itself (URA, AGB, type G5), the two external organisations its clients'
 * records go to (the clients' GP practice, by URA, and Veilig Thuis), and its professionals with their roles.
 */
final class Organisation {

  static final String PSYCHIATER = "01.035";
  static final String KLINISCH_PSYCHOLOOG = "25.061";
  static final String GZ_PSYCHOLOOG = "25.000";
  static final String PSYCHOTHERAPEUT = "16.000";
  static final String VS_GGZ = "30.069";
  static final String VERPLEEGKUNDIGE = "30.000";
  /** The role mix of a GGZ team, one professional in every ten positions; leaders first. */
  private static final String[] ROLE_MIX = {PSYCHIATER, KLINISCH_PSYCHOLOOG, GZ_PSYCHOLOOG, GZ_PSYCHOLOOG,
      PSYCHOTHERAPEUT, VS_GGZ, VS_GGZ, VERPLEEGKUNDIGE, VERPLEEGKUNDIGE, PSYCHIATER};

  final Organization self;
  final Organization generalPractice;
  final Organization veiligThuis;
  /** Veilig Thuis regio Utrecht's URA in generated and example data (a test number, like the others). */
  static final String VEILIG_THUIS_URA = "00000004";
  final String name;
  final String ura;
  final String recipientUra;
  /** Who leads treatment (regiebehandelaar) and who treats; an aandachtsfunctionaris and a privacy officer. */
  final List<Professional> leaders = new ArrayList<>();
  final List<Professional> therapists = new ArrayList<>();
  final Professional aandachtsfunctionaris;
  final Professional privacyOfficer;
  private final List<Resource> resources = new ArrayList<>();

  Organisation(DataSetSpec spec, UziRoles roles) {
    this.ura = spec.ura();
    this.recipientUra = spec.recipientUra();
    String prefix = spec.idPrefix();
    this.name = "GGZ De Sluis";
    self = organization(prefix + "org", name, ura, "06" + digits(spec.seed(), 6), "G5", "Geestelijke Gezondheidszorg");
    generalPractice = organization(prefix + "huisarts", "Huisartsenpraktijk De Vaart", recipientUra, null, "Z3",
        "Huisartspraktijk (zelfstandig of groepspraktijk)");
    veiligThuis = Fhir.withId(new Organization().setName("Veilig Thuis regio Utrecht").setActive(true),
        prefix + "veilig-thuis");
    // by its URA a legal ground's recipient is recognised when Veilig Thuis asks (as in profiles/example)
    veiligThuis.addIdentifier(Fhir.identifier(Fhir.URA, VEILIG_THUIS_URA));
    resources.addAll(List.of(self, generalPractice, veiligThuis));

    Random random = new Random(spec.seed() * 31 + 7);
    int count = Math.max(ROLE_MIX.length, spec.clients() / 25);
    for (int i = 0; i < count; i++) {
      String role = ROLE_MIX[i % ROLE_MIX.length];
      Professional professional = professional(spec, roles, random, i, role, null);
      (professional.leadsTreatment() ? leaders : therapists).add(professional);
    }
    aandachtsfunctionaris = professional(spec, roles, random, count, GZ_PSYCHOLOOG, "aandachtsfunctionaris");
    privacyOfficer = professional(spec, roles, random, count + 1, null, "privacy-officer");
  }

  /** Every resource of the organisation, a Practitioner before its PractitionerRole. */
  List<Resource> resources() {
    return resources;
  }

  private Organization organization(String id, String name, String ura, String agb, String type, String display) {
    Organization organization = Fhir.withId(new Organization(), id).setName(name).setActive(true);
    organization.addIdentifier(Fhir.identifier(Fhir.URA, ura));
    if (agb != null) {
      organization.addIdentifier(Fhir.identifier(Fhir.AGB, agb));
    }
    organization.addType(Fhir.concept(Fhir.ORGANIZATION_TYPE, type, display));
    return organization;
  }

  /**
   * A professional: BIG number (11 digits ending in the profession code, which is also the first part of the UZI
   * role code) and UZI number (9 digits, eleven-proof) for care professionals; the role in {@code code} and, as in
   * nl-core, in {@code specialty}; a local role (regiebehandelaar, behandelaar, aandachtsfunctionaris,
   * privacy-officer) beside it.
   */
  private Professional professional(DataSetSpec spec, UziRoles roles, Random random, int index, String uziRole,
      String localRole) {
    boolean female = random.nextInt(10) < 7; // most GGZ professionals are women
    DutchName name = DutchName.own(DutchName.givenNames(random, female), DutchName.surname(random));
    Practitioner practitioner = Fhir.withId(new Practitioner(), spec.idPrefix() + "prof-" + index);
    if (uziRole != null) {
      String profession = uziRole.substring(0, 2);
      practitioner.addIdentifier(Fhir.identifier(Fhir.BIG, digits(spec.seed() + index * 7919L, 9) + profession));
      practitioner.addIdentifier(Fhir.identifier(Fhir.UZI_PERSON,
          ElevenProof.unique(index, 100_000, spec.seed() * 13 + 900)));
    }
    practitioner.addName(name.official(true));
    practitioner.setGender(female ? org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE
        : org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
    String local = localRole != null ? localRole
        : uziRole.equals(PSYCHIATER) || uziRole.equals(KLINISCH_PSYCHOLOOG) ? "regiebehandelaar" : "behandelaar";
    String roleDisplay = uziRole != null ? roles.display(uziRole) : "Privacy officer";
    PractitionerRole role = Fhir.withId(new PractitionerRole(), spec.idPrefix() + "prof-" + index + "-rol");
    role.setActive(true);
    role.setPractitioner(Fhir.ref(practitioner, name.initialsDisplay()));
    role.setOrganization(Fhir.ref(self, this.name).setIdentifier(Fhir.identifier(Fhir.URA, ura)));
    if (uziRole != null) {
      role.addCode(new org.hl7.fhir.r4.model.CodeableConcept(roles.coding(uziRole)));
      role.addSpecialty(new org.hl7.fhir.r4.model.CodeableConcept(roles.coding(uziRole)));
    }
    role.addCode(Fhir.concept(Fhir.SLUIS_CS + "local-role", local, LOCAL_ROLE_DISPLAY.get(local)));
    resources.add(practitioner);
    resources.add(role);
    return new Professional(practitioner, role, uziRole, name.initialsDisplay() + ", " + roleDisplay.toLowerCase());
  }

  private static final java.util.Map<String, String> LOCAL_ROLE_DISPLAY = java.util.Map.of(
      "aandachtsfunctionaris", "Aandachtsfunctionaris", "privacy-officer", "Privacy officer",
      "regiebehandelaar", "Regiebehandelaar", "behandelaar", "Behandelaar");

  /** {@code length} digits derived from {@code value}, first digit not 0. */
  private static String digits(long value, int length) {
    long bound = (long) Math.pow(10, length - 1);
    return Long.toString(bound + Math.floorMod(value * 2_654_435_761L, 9 * bound));
  }
}
