package nl.sluis.conformance.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.sluis.conformance.ConformancePackage;
import nl.sluis.conformance.ConformanceValidator;
import nl.sluis.conformance.ValidationChainFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Nictiz's published nl-core examples through the server's own validator (implied Sluis profile, declared
 * nl-core profile, offline chain), without a server: the fast check behind {@code NlCoreExamplesHttpTest}. Every
 * example is accepted except those {@link NlCoreExamples#REFUSED_ON_PURPOSE}, which fail on the rule named there.
 */
class NlCoreExamplesValidatorTest {

  private static ConformanceValidator validator;
  private static FhirContext ctx;

  @BeforeAll
  static void build() {
    assumeTrue(NlCoreExamples.available(), "nl-core packages absent: ../shared/nl-core");
    ctx = FhirContext.forR4Cached();
    List<ConformancePackage> packages = List.of(ConformancePackage.fromFolder(ctx, Hl7Validator.terminologyDir()),
        ConformancePackage.fromFolder(ctx, Hl7Validator.profilesDir()));
    validator = new ConformanceValidator(ctx, ValidationChainFactory.build(ctx, new DefaultProfileValidationSupport(ctx),
        packages));
  }

  @TestFactory
  Stream<DynamicTest> everyNictizExampleIsAcceptedUnlessOurMinimumRulesRefuseIt() {
    Map<String, JsonNode> examples = NlCoreExamples.all();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(40);
    return examples.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      List<SingleValidationMessage> messages = validator.validate(
          ctx.newJsonParser().parseResource(Examples.JSON.writeValueAsString(e.getValue()))).getMessages();
      List<SingleValidationMessage> errors = HapiValidationChain.errors(messages);
      String rule = NlCoreExamples.REFUSED_ON_PURPOSE.get(e.getKey());
      if (rule == null) {
        assertThat(errors).as("errors for %s:%n%s", e.getKey(), HapiValidationChain.describe(messages)).isEmpty();
      } else {
        assertThat(errors).as("%s is refused by %s", e.getKey(), rule)
            .anySatisfy(m -> assertThat(m.getMessage()).contains(rule));
      }
    }));
  }
}
