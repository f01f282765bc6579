package nl.sluis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reused HL7 validator ({@link ReusingInstanceValidator}) answers exactly what HAPI's per-call one answers — same
 * messages, severities, locations, in the same order — for every example and invalid example we ship and for
 * variants made invalid here, validated in an order that mixes valid and invalid resources of different types, so
 * that anything one validation left behind would show in the next. And it is reused: one HL7 validator for many calls
 * on a thread, a new one after {@link ReusingInstanceValidator#USES_PER_VALIDATOR} calls or after the caches are
 * invalidated.
 */
class ReusingInstanceValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static FhirContext ctx;
  private static ValidationSupportChain chain;
  private static List<Input> corpus;

  record Input(String name, String json, String profile) {}

  @BeforeAll
  static void build() throws IOException {
    ctx = FhirContext.forR4Cached();
    Path project = Path.of(System.getProperty("user.dir"));
    List<ConformancePackage> packages = List.of(
        ConformancePackage.fromFolder(ctx, project.resolve("terminology")),
        ConformancePackage.fromFolder(ctx, project.resolve("profiles")));
    chain = ValidationChainFactory.build(ctx, new DefaultProfileValidationSupport(ctx), packages);
    corpus = corpus(project.resolve("profiles").resolve("example"));
  }

  @Test
  void answersWhatHapisOwnValidatorAnswersForEveryInputInAnyOrder() {
    FhirValidator hapi = validator(hapisOwn());
    ReusingInstanceValidator module = (ReusingInstanceValidator) ValidationChainFactory.instanceValidator(chain);
    FhirValidator reusing = validator(module);
    assertThat(corpus).hasSizeGreaterThan(40);
    List<String> expected = corpus.stream().map(input -> describe(hapi, input)).toList();
    assertThat(expected).as("the corpus holds invalid inputs").anyMatch(d -> d.contains("ERROR"));
    assertThat(expected).as("and valid ones").anyMatch(d -> !d.contains("ERROR"));
    // forwards, backwards, forwards again: each input after different predecessors, on one reused validator
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i++) {
      order.add(i);
    }
    for (int i = corpus.size() - 1; i >= 0; i--) {
      order.add(i);
    }
    for (int i = 0; i < corpus.size(); i++) {
      order.add(i);
    }
    for (int i : order) {
      assertThat(describe(reusing, corpus.get(i))).as(corpus.get(i).name()).isEqualTo(expected.get(i));
    }
    long characters = order.stream().mapToLong(i -> corpus.get(i).json().length()).sum();
    assertThat(module.validatorsBuilt()).as("HL7 validators built for %s validations on one thread", order.size())
        .isGreaterThanOrEqualTo(Math.max(order.size() / ReusingInstanceValidator.USES_PER_VALIDATOR,
            characters / ReusingInstanceValidator.CHARACTERS_PER_VALIDATOR))
        .isLessThan(order.size() / 10);
  }

  /** A large resource is not kept alive by a pooled validator: the validator that validated it is retired. */
  @Test
  void aValidatorIsRetiredAfterValidatingALargeResource() {
    ReusingInstanceValidator module = (ReusingInstanceValidator) ValidationChainFactory.instanceValidator(chain);
    FhirValidator reusing = validator(module);
    Input small = corpus.get(0);
    describe(reusing, small);
    describe(reusing, small);
    assertThat(module.validatorsBuilt()).isEqualTo(1);
    ObjectNode large = JSON.createObjectNode().put("resourceType", "Basic");
    large.putObject("code").put("text", "x".repeat(ReusingInstanceValidator.CHARACTERS_PER_VALIDATOR));
    describe(reusing, new Input("large", large.toString(), null));
    describe(reusing, small);
    assertThat(module.validatorsBuilt()).as("a new validator after the large one").isEqualTo(2);
  }

  @Test
  void aNewValidatorAfterTheCachesAreInvalidated() {
    ReusingInstanceValidator module = (ReusingInstanceValidator) ValidationChainFactory.instanceValidator(chain);
    FhirValidator reusing = validator(module);
    describe(reusing, corpus.get(0));
    describe(reusing, corpus.get(1));
    assertThat(module.validatorsBuilt()).isEqualTo(1);
    module.invalidateCaches();
    describe(reusing, corpus.get(0));
    assertThat(module.validatorsBuilt()).isEqualTo(2);
  }

  private static FhirInstanceValidator hapisOwn() {
    // the settings of ValidationChainFactory.instanceValidator, on HAPI's class
    FhirInstanceValidator validator = new FhirInstanceValidator(chain);
    validator.setWrappedWorkerContext(chain, new AnswerLanguageWorkerContext(chain));
    validator.setAnyExtensionsAllowed(false);
    validator.setErrorForUnknownProfiles(false);
    return validator;
  }

  private static FhirValidator validator(FhirInstanceValidator module) {
    FhirValidator validator = ctx.newValidator();
    validator.setValidateAgainstStandardSchema(false);
    validator.setValidateAgainstStandardSchematron(false);
    return validator.registerValidatorModule(module);
  }

  private static String describe(FhirValidator validator, Input input) {
    ValidationOptions options = new ValidationOptions();
    if (input.profile() != null) {
      options.addProfile(input.profile());
    }
    List<SingleValidationMessage> messages = validator.validateWithResult(input.json(), options).getMessages();
    return messages.stream()
        .map(m -> m.getSeverity() + " @ " + m.getLocationString() + " [" + m.getMessageId() + "]: " + m.getMessage())
        .collect(Collectors.joining("\n"));
  }

  /**
   * Every shipped example (checked against its declared profile and without one) and invalid example, plus each
   * valid example with an unknown element, an unknown extension and an unknown declared profile added.
   */
  private static List<Input> corpus(Path examples) throws IOException {
    List<Input> inputs = new ArrayList<>();
    for (Path file : jsonFiles(examples)) {
      ObjectNode resource = (ObjectNode) JSON.readTree(file.toFile());
      String profile = resource.path("meta").path("profile").path(0).asText(null);
      String name = file.getFileName().toString();
      inputs.add(new Input(name, resource.toString(), profile));
      inputs.add(new Input(name + " (no profile asked)", resource.toString(), null));
      ObjectNode unknownElement = resource.deepCopy();
      unknownElement.put("notAnElement", true);
      inputs.add(new Input(name + " + unknown element", unknownElement.toString(), profile));
      ObjectNode unknownExtension = resource.deepCopy();
      unknownExtension.putArray("extension").addObject()
          .put("url", "https://example.org/unknown-extension").put("valueString", "x");
      inputs.add(new Input(name + " + unknown extension", unknownExtension.toString(), profile));
      ObjectNode unknownProfile = resource.deepCopy();
      unknownProfile.putObject("meta").putArray("profile").add("https://example.org/StructureDefinition/unknown");
      inputs.add(new Input(name + " + unknown declared profile", unknownProfile.toString(), null));
    }
    Path invalid = examples.resolve("invalid");
    for (Path file : jsonFiles(invalid)) {
      if (!file.getFileName().toString().equals("expected-errors.json")) {
        ObjectNode resource = (ObjectNode) JSON.readTree(file.toFile());
        inputs.add(new Input("invalid/" + file.getFileName(), resource.toString(),
            resource.path("meta").path("profile").path(0).asText(null)));
      }
    }
    return inputs;
  }

  private static List<Path> jsonFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
