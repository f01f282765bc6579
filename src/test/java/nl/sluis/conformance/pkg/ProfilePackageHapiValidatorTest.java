package nl.sluis.conformance.pkg;

import ca.uhn.fhir.validation.SingleValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same examples through HAPI's validator with the support chain the server uses ({@link HapiValidationChain}):
 * valid examples have no errors, invalid examples fail with their recorded message at their recorded location.
 */
class ProfilePackageHapiValidatorTest {

  private static HapiValidationChain chain;

  @BeforeAll
  static void buildChain() {
    chain = HapiValidationChain.fromFolders(Hl7Validator.terminologyDir(), Hl7Validator.profilesDir());
  }

  @TestFactory
  Stream<DynamicTest> everyValidExampleHasNoErrors() {
    return Examples.valid().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      List<SingleValidationMessage> messages = chain.validate(Files.readString(file), Examples.declaredProfile(file));
      assertThat(HapiValidationChain.errors(messages)).as("errors for %s:%n%s", file.getFileName(),
          HapiValidationChain.describe(messages)).isEmpty();
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidExampleFailsWithItsExpectedError() {
    Map<String, Examples.ExpectedError> expected = Examples.expectedErrors();
    return expected.values().stream().map(x -> DynamicTest.dynamicTest(x.file().getFileName().toString(), () -> {
      Path file = x.file();
      List<SingleValidationMessage> errors = HapiValidationChain.errors(chain.validate(Files.readString(file), x.profile()));
      assertThat(errors).as("%s must fail with '%s' at %s; got:%n%s", file.getFileName(), x.message(), x.location(),
              HapiValidationChain.describe(errors))
          .anySatisfy(m -> {
            assertThat(m.getMessage()).contains(x.message());
            assertThat(m.getLocationString()).isEqualTo(x.location());
          });
    }));
  }
}
