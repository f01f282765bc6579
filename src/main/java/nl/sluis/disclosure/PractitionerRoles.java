package nl.sluis.disclosure;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.PractitionerRole;

/**
 * The role code of a PractitionerRole as the disclosure rules compare it with the policy's roles: a UZI role code
 * or a Sluis local role, from {@code code} or — where nl-core-HealthProfessional-PractitionerRole carries it — from
 * {@code specialty}. Codes from other systems (e.g. AGB specialisms) are not roles the policy can name.
 */
final class PractitionerRoles {

  static final String UZI_ROLE = "http://fhir.nl/fhir/NamingSystem/uzi-rolcode";
  static final String LOCAL_ROLE = "http://sluis.nl/fhir/CodeSystem/local-role";

  private PractitionerRoles() {}

  /** The first role in {@code code}, else the first in {@code specialty}; empty when neither holds one. */
  static Optional<String> roleCode(PractitionerRole role) {
    return Stream.of(role.getCode(), role.getSpecialty())
        .map(PractitionerRoles::firstRole)
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<String> firstRole(List<CodeableConcept> concepts) {
    return concepts.stream().flatMap(c -> c.getCoding().stream())
        .filter(c -> UZI_ROLE.equals(c.getSystem()) || LOCAL_ROLE.equals(c.getSystem()))
        .map(Coding::getCode)
        .filter(code -> code != null && !code.isBlank())
        .findFirst();
  }
}
