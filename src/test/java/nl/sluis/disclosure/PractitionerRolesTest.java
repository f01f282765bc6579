package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.PractitionerRole;
import org.junit.jupiter.api.Test;

/** The role a legal-ground performer's PractitionerRole carries, in code (Sluis) or specialty (nl-core). */
class PractitionerRolesTest {

  private static final String AGB_SPECIALISM = "urn:oid:2.16.840.1.113883.2.4.6.7";

  @Test
  void theRoleInCodeComesFirst() {
    PractitionerRole role = new PractitionerRole();
    role.addCode().addCoding().setSystem(PractitionerRoles.UZI_ROLE).setCode("01.035");
    role.addSpecialty().addCoding().setSystem(PractitionerRoles.UZI_ROLE).setCode("25.061");
    assertThat(PractitionerRoles.roleCode(role)).contains("01.035");
  }

  @Test
  void nlCoreCarriesTheUziRoleInSpecialty() {
    PractitionerRole role = new PractitionerRole();
    role.addSpecialty().addCoding().setSystem(AGB_SPECIALISM).setCode("0100");
    role.addSpecialty().addCoding().setSystem(PractitionerRoles.UZI_ROLE).setCode("01.035");
    assertThat(PractitionerRoles.roleCode(role)).contains("01.035");
  }

  @Test
  void aLocalRoleCounts() {
    PractitionerRole role = new PractitionerRole();
    role.addCode().addCoding().setSystem(PractitionerRoles.LOCAL_ROLE).setCode("aandachtsfunctionaris");
    assertThat(PractitionerRoles.roleCode(role)).contains("aandachtsfunctionaris");
  }

  @Test
  void anAgbSpecialismAloneIsNoRole() {
    PractitionerRole role = new PractitionerRole();
    role.addSpecialty().addCoding().setSystem(AGB_SPECIALISM).setCode("0100");
    role.addCode().addCoding().setSystem("http://example.org/other").setCode("01.035");
    assertThat(PractitionerRoles.roleCode(role)).isEmpty();
  }
}
