package nl.sluis.conformance.pkg;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Instances valid against our Patient, Practitioner, PractitionerRole, Organization and RelatedPerson profiles
 * must also be valid against the matching Nictiz nl-core profile. Uses the nl-core and zib2020 packages in
 * {@code ../shared/nl-core} (test data, not shipped); skipped when that folder is absent.
 */
class NlCoreCompatibilityTest {

  private static final String NL = "http://nictiz.nl/fhir/StructureDefinition/";
  private static final Map<String, String> NL_CORE_FOR = Map.of(
      ProfilePackageHl7ValidatorTest.SD + "sluis-Patient", NL + "nl-core-Patient",
      ProfilePackageHl7ValidatorTest.SD + "sluis-Practitioner", NL + "nl-core-HealthProfessional-Practitioner",
      ProfilePackageHl7ValidatorTest.SD + "sluis-PractitionerRole", NL + "nl-core-HealthProfessional-PractitionerRole",
      ProfilePackageHl7ValidatorTest.SD + "sluis-Organization", NL + "nl-core-HealthcareProvider-Organization",
      ProfilePackageHl7ValidatorTest.SD + "sluis-RelatedPerson", NL + "nl-core-ContactPerson");

  private static Hl7Validator validator;

  @BeforeAll
  static void buildEngine() {
    assumeTrue(Hl7Validator.nlCoreAvailable(), "nl-core packages not found in " + Hl7Validator.nlCoreDir());
    validator = Hl7Validator.oursAndNlCore();
  }

  @TestFactory
  Stream<DynamicTest> examplesOfTheDutchBaseProfilesAreValidAgainstNlCore() {
    List<Path> files = Examples.valid().stream()
        .filter(p -> NL_CORE_FOR.containsKey(Examples.declaredProfile(p)))
        .toList();
    assertThat(files.stream().map(Examples::declaredProfile).distinct()).hasSize(NL_CORE_FOR.size());
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      String nlCore = NL_CORE_FOR.get(Examples.declaredProfile(file));
      List<ValidationMessage> messages = validator.validate(Examples.bytes(file), nlCore);
      assertThat(Hl7Validator.errors(messages)).as("errors against %s for %s:%n%s", nlCore, file.getFileName(),
          Hl7Validator.describe(messages)).isEmpty();
    }));
  }

  /**
   * Deliberately not mirrored: nl-core requires the EN-qualifier (BR or IN) on every given name of the official
   * name; a plain international name has none. Sluis accepts it (it is no minimum rule of ours), nl-core does not.
   */
  @Test
  void aGivenNameWithoutQualifierFailsNlCoreButNotOurs() {
    ObjectNode patient = (ObjectNode) Examples.read(Examples.exampleDir().resolve("Patient-client-01.json"));
    ((ObjectNode) patient.withArray("name").get(0)).remove("_given");
    List<ValidationMessage> nlCore = Hl7Validator.errors(validator.validate(Examples.bytes(patient), NL + "nl-core-Patient"));
    List<ValidationMessage> ours = Hl7Validator.errors(
        validator.validate(Examples.bytes(patient), ProfilePackageHl7ValidatorTest.SD + "sluis-Patient"));
    assertThat(nlCore).anySatisfy(m -> assertThat(m.getMessage()).contains("nl-core-NameInformation"));
    assertThat(ours).as(Hl7Validator.describe(ours)).isEmpty();
  }
}
