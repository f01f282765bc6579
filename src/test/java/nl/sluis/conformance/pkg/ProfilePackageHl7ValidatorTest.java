package nl.sluis.conformance.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r5.model.CodeSystem;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.ValueSet;
import org.hl7.fhir.r5.fhirpath.FHIRPathEngine;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code profiles/} and {@code terminology/} packages checked with the HL7 validator library, offline, as an
 * independent second opinion next to the server's HAPI validation: snapshots are generated from the
 * differentials at load, every valid example has no errors, every invalid example fails with its recorded error.
 */
class ProfilePackageHl7ValidatorTest {

  static final String SD = "http://sluis.nl/fhir/StructureDefinition/";
  private static Hl7Validator validator;

  @BeforeAll
  static void buildEngine() {
    validator = Hl7Validator.ours();
  }

  @TestFactory
  Stream<DynamicTest> everyValidExampleHasNoErrors() {
    List<Path> files = Examples.valid();
    assertThat(files).isNotEmpty();
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      List<ValidationMessage> messages = validator.validate(Examples.bytes(file), Examples.declaredProfile(file));
      assertThat(Hl7Validator.errors(messages)).filteredOn(m -> !mimeTypeUncheckableOffline(m))
          .as("errors for %s:%n%s", file.getFileName(), Hl7Validator.describe(messages)).isEmpty();
    }));
  }

  /**
   * An Attachment's contentType (required binding to BCP-13 mime types, e.g. the advice request's application/fhir+json)
   * needs a terminology server the offline validator does not have; the server's HAPI chain checks it.
   */
  private static boolean mimeTypeUncheckableOffline(ValidationMessage message) {
    return message.getLocation().endsWith(".contentType") && message.getMessage().contains("mimetypes");
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidExampleFailsWithItsExpectedError() {
    Map<String, Examples.ExpectedError> expected = Examples.expectedErrors();
    return expected.values().stream().filter(Examples.ExpectedError::hl7)
        .map(x -> DynamicTest.dynamicTest(x.file().getFileName().toString(), () -> {
      List<ValidationMessage> errors = Hl7Validator.errors(validator.validate(Examples.bytes(x.file()), x.profile()));
      assertThat(errors).as("%s must fail with '%s' at %s; got:%n%s", x.file().getFileName(), x.message(), x.location(),
              Hl7Validator.describe(errors))
          .anySatisfy(m -> {
            assertThat(m.getMessage()).contains(x.message());
            assertThat(m.getLocation()).isEqualTo(x.location());
          });
    }));
  }

  @Test
  void everyInvalidExampleHasAnExpectedErrorAndViceVersa() {
    Set<String> files = new TreeSet<>();
    Examples.invalid().forEach(p -> files.add(p.getFileName().toString()));
    assertThat(Examples.expectedErrors().keySet()).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void everyResourceProfileHasAValidAndAnInvalidExample() {
    Set<String> withValid = new HashSet<>();
    Examples.valid().forEach(p -> withValid.add(Examples.declaredProfile(p)));
    Set<String> withInvalid = new HashSet<>();
    Examples.expectedErrors().values().forEach(x -> withInvalid.add(x.profile()));
    for (StructureDefinition sd : ourProfiles()) {
      if (sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE) {
        assertThat(withValid).as("valid example for %s", sd.getUrl()).contains(sd.getUrl());
        assertThat(withInvalid).as("invalid example for %s", sd.getUrl()).contains(sd.getUrl());
      }
    }
  }

  @ParameterizedTest(name = "BSN {0} passes the 11-proof")
  @ValueSource(strings = {"999911120", "999990019", "999993653", "111222333", "123456782"})
  void aBsnThatPassesTheElevenProofIsAccepted(String bsn) {
    List<ValidationMessage> messages = validatePatientWithBsn(bsn);
    assertThat(Hl7Validator.errors(messages)).as(Hl7Validator.describe(messages)).isEmpty();
  }

  @ParameterizedTest(name = "BSN {0} is rejected")
  @ValueSource(strings = {"123456789", "999911121", "99991112", "9999111200", "99991112A", "999 91112"})
  void aBsnThatFailsTheElevenProofOrHasNotNineDigitsIsRejected(String bsn) {
    List<ValidationMessage> errors = Hl7Validator.errors(validatePatientWithBsn(bsn));
    assertThat(errors).as(Hl7Validator.describe(errors))
        .anySatisfy(m -> {
          assertThat(m.getMessage()).contains("sluis-bsn-1");
          assertThat(m.getLocation()).isEqualTo("Patient.identifier[0]");
        });
  }

  @Test
  void theBsnCheckAppliesOnlyToTheBsnSlice() {
    ObjectNode patient = (ObjectNode) Examples.read(Examples.exampleDir().resolve("Patient-client-01.json"));
    ObjectNode other = patient.withArray("identifier").addObject();
    other.put("system", "http://sluis.nl/fhir/NamingSystem/client-number").put("value", "12345");
    List<ValidationMessage> messages = validator.validate(Examples.bytes(patient), SD + "sluis-Patient");
    assertThat(Hl7Validator.errors(messages)).as(Hl7Validator.describe(messages)).isEmpty();
  }

  @Test
  void snapshotsAreGeneratedForEveryProfile() {
    List<StructureDefinition> profiles = ourProfiles();
    assertThat(profiles).hasSizeGreaterThanOrEqualTo(18);
    for (StructureDefinition sd : profiles) {
      assertThat(sd.hasSnapshot()).as("snapshot of %s", sd.getUrl()).isTrue();
      assertThat(sd.getDerivation()).isEqualTo(StructureDefinition.TypeDerivationRule.CONSTRAINT);
      assertThat(sd.getBaseDefinition()).startsWith("http://hl7.org/fhir/StructureDefinition/");
    }
  }

  @Test
  void everyBindingAndProfileReferenceResolves() {
    List<String> unresolved = new ArrayList<>();
    for (StructureDefinition sd : ourProfiles()) {
      for (ElementDefinition ed : sd.getDifferential().getElement()) {
        if (ed.hasBinding() && ed.getBinding().hasValueSet()) {
          String vs = ed.getBinding().getValueSet();
          if (validator.engine().getContext().fetchResource(ValueSet.class, vs) == null) {
            unresolved.add(sd.getId() + " " + ed.getId() + " -> " + vs);
          }
        }
        for (ElementDefinition.TypeRefComponent t : ed.getType()) {
          t.getProfile().forEach(p -> {
            if (validator.engine().getContext().fetchResource(StructureDefinition.class, p.getValue()) == null) {
              unresolved.add(sd.getId() + " " + ed.getId() + " -> " + p.getValue());
            }
          });
          t.getTargetProfile().forEach(p -> {
            if (validator.engine().getContext().fetchResource(StructureDefinition.class, p.getValue()) == null) {
              unresolved.add(sd.getId() + " " + ed.getId() + " -> " + p.getValue());
            }
          });
        }
      }
    }
    assertThat(unresolved).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyConformanceResourceInThePackagesIsValid() {
    List<Path> files = new ArrayList<>(Examples.jsonFiles(Hl7Validator.profilesDir()));
    files.addAll(Examples.jsonFiles(Hl7Validator.terminologyDir()));
    files.removeIf(p -> p.getFileName().toString().equals("package.json"));
    // Validating an extension definition makes the library ask package servers for the latest R4 core (to check
    // the extension's context) and wait for their timeouts offline: seconds per file. The extensions are
    // still loaded, snapshotted and exercised by the examples.
    files.removeIf(p -> p.getFileName().toString().startsWith("StructureDefinition-sluis-ext-"));
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      List<ValidationMessage> messages = validator.validate(Examples.bytes(file));
      assertThat(Hl7Validator.errors(messages)).filteredOn(m -> !mimeTypeUncheckableOffline(m))
          .as("errors for %s:%n%s", file.getFileName(), Hl7Validator.describe(messages)).isEmpty();
    }));
  }

  @Test
  void everySearchParameterAndInvariantIsAWellTypedFhirPathExpression() {
    FHIRPathEngine fhirPath = new FHIRPathEngine(validator.engine().getContext());
    List<String> problems = new ArrayList<>();
    List<Path> searchParameters = Examples.jsonFiles(Hl7Validator.profilesDir());
    searchParameters.removeIf(p -> !p.getFileName().toString().startsWith("SearchParameter-"));
    assertThat(searchParameters).isNotEmpty();
    for (Path file : searchParameters) {
      JsonNode sp = Examples.read(file);
      String expression = sp.path("expression").asText();
      for (JsonNode baseNode : sp.path("base")) {
        String base = baseNode.asText();
        // a parameter on several types: each type's own alternatives ("Observation.focus | (Claim.x as Reference)")
        String own = sp.path("base").size() == 1 ? expression : String.join(" | ", Arrays.stream(expression.split("\\|"))
            .map(String::trim).filter(part -> part.replaceFirst("^\\(", "").startsWith(base + ".")).toList());
        try {
          assertThat(own).as("%s: no alternative for %s", file.getFileName(), base).isNotEmpty();
          StructureDefinition type = validator.engine().getContext()
              .fetchResource(StructureDefinition.class, "http://hl7.org/fhir/StructureDefinition/" + base);
          fhirPath.check(null, base, type, base, fhirPath.parse(own));
        } catch (Exception | AssertionError e) {
          problems.add(file.getFileName() + " (" + base + "): " + e.getMessage());
        }
      }
    }
    for (StructureDefinition sd : ourProfiles()) {
      for (ElementDefinition ed : sd.getSnapshot().getElement()) {
        for (ElementDefinition.ElementDefinitionConstraintComponent c : ed.getConstraint()) {
          if (c.getKey().startsWith("sluis-")) {
            try {
              fhirPath.check(null, sd.getType(), sd, ed.getPath(), fhirPath.parse(c.getExpression()));
            } catch (Exception e) {
              problems.add(sd.getId() + " " + c.getKey() + ": " + e.getMessage());
            }
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyConceptHasADutchDisplayAnEnglishDesignationAndADefinition() {
    List<Path> files = Examples.jsonFiles(Hl7Validator.terminologyDir());
    files.removeIf(p -> !p.getFileName().toString().startsWith("CodeSystem-"));
    assertThat(files).hasSizeGreaterThanOrEqualTo(13);
    for (Path file : files) {
      CodeSystem cs = (CodeSystem) validator.engine().getContext()
          .fetchResource(CodeSystem.class, Examples.read(file).path("url").asText());
      assertThat(cs).as("loaded %s", file.getFileName()).isNotNull();
      assertThat(cs.getContent()).isEqualTo(org.hl7.fhir.r5.model.Enumerations.CodeSystemContentMode.COMPLETE);
      assertThat(cs.getCaseSensitive()).isTrue();
      List<CodeSystem.ConceptDefinitionComponent> concepts = new java.util.ArrayList<>(cs.getConcept());
      for (int i = 0; i < concepts.size(); i++) {
        concepts.addAll(concepts.get(i).getConcept()); // nested concepts of a hierarchy (data-category)
      }
      for (CodeSystem.ConceptDefinitionComponent c : concepts) {
        assertThat(c.getDisplay()).as("%s#%s display", cs.getUrl(), c.getCode()).isNotBlank();
        assertThat(c.getDefinition()).as("%s#%s definition", cs.getUrl(), c.getCode()).isNotBlank();
        assertThat(c.getDesignation()).as("%s#%s English designation", cs.getUrl(), c.getCode())
            .anySatisfy(d -> {
              assertThat(d.getLanguage()).isEqualTo("en");
              assertThat(d.getValue()).isNotBlank();
            });
      }
    }
  }

  @Test
  void thePackagesDeclareTheirNamesVersionsAndDependencies() {
    JsonNode profiles = Examples.read(Hl7Validator.profilesDir().resolve("package.json"));
    assertThat(profiles.path("name").asText()).isEqualTo("sluis.fhir.r4");
    assertThat(profiles.path("version").asText()).isEqualTo("0.1.0");
    assertThat(profiles.path("canonical").asText()).isEqualTo("http://sluis.nl/fhir");
    assertThat(profiles.path("fhirVersions").get(0).asText()).isEqualTo("4.0.1");
    assertThat(profiles.path("dependencies").path("hl7.fhir.r4.core").asText()).isEqualTo("4.0.1");
    assertThat(profiles.path("dependencies").path("sluis.fhir.r4.terminology").asText()).isEqualTo("0.1.0");
    JsonNode terminology = Examples.read(Hl7Validator.terminologyDir().resolve("package.json"));
    assertThat(terminology.path("name").asText()).isEqualTo("sluis.fhir.r4.terminology");
    assertThat(terminology.path("version").asText()).isEqualTo("0.1.0");
  }

  private static List<ValidationMessage> validatePatientWithBsn(String bsn) {
    ObjectNode patient = (ObjectNode) Examples.read(Examples.exampleDir().resolve("Patient-client-01.json"));
    ((ObjectNode) patient.withArray("identifier").get(0)).put("value", bsn);
    return validator.validate(Examples.bytes(patient), SD + "sluis-Patient");
  }

  private static List<StructureDefinition> ourProfiles() {
    List<StructureDefinition> out = new ArrayList<>();
    for (StructureDefinition sd : validator.engine().getContext().fetchResourcesByType(StructureDefinition.class)) {
      if (sd.getUrl() != null && sd.getUrl().startsWith(SD)) {
        out.add(sd);
      }
    }
    return out;
  }
}
