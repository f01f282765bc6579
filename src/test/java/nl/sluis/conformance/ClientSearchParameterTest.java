package nl.sluis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/**
 * {@code profiles/SearchParameter-client.json} is generated from FHIR R4's own definitions: for every type of client
 * data (FHIR's Patient compartment, but Patient itself and AuditEvent, which is served from the audit log) every
 * element that may hold a Reference to a Patient. A restricted requester's search is limited to its clients on this
 * parameter, so a record that names its client only in {@code focus}, {@code performer}, {@code author}, … is found
 * as one naming it in {@code subject}. This test regenerates it and fails when the file differs; run it with
 * {@code -Dsluis.regenerate=true} to rewrite the file.
 */
class ClientSearchParameterTest {

  private static final Path FILE = Path.of("profiles/SearchParameter-client.json");
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final Set<String> SERVED_ELSEWHERE = Set.of("Patient", "AuditEvent");
  private static final String CLIENT_EXTENSION = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-Client";

  @Test
  void theFileIsWhatTheFhirDefinitionsGive() throws IOException {
    String generated = FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(generate()) + "\n";
    if (Boolean.getBoolean("sluis.regenerate")) {
      Files.writeString(FILE, generated);
    }
    assertThat(Files.readString(FILE)).as("regenerate with -Dsluis.regenerate=true").isEqualTo(generated);
  }

  @Test
  void everyClientDataTypeIsABaseWithItsSubjectAndMore() {
    SearchParameter parameter = generate();
    List<String> bases = parameter.getBase().stream().map(b -> b.getCode()).toList();
    assertThat(bases).contains("Observation", "QuestionnaireResponse", "Condition", "CareTeam", "Consent")
        .doesNotContain("Patient", "AuditEvent", "Organization");
    assertThat(parameter.getExpression()).contains("Observation.subject", "Observation.focus", "Observation.performer",
        "QuestionnaireResponse.author", "QuestionnaireResponse.source", "Consent.patient",
        "Observation.extension('" + CLIENT_EXTENSION + "').value.ofType(Reference)");
  }

  static SearchParameter generate() {
    TreeMap<String, List<String>> paths = new TreeMap<>();
    for (StructureDefinition definition : new DefaultProfileValidationSupport(FHIR)
        .<StructureDefinition>fetchAllStructureDefinitions()) {
      String type = definition.getType();
      if (definition.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE
          || definition.getDerivation() != StructureDefinition.TypeDerivationRule.SPECIALIZATION
          || SERVED_ELSEWHERE.contains(type) || !FHIR.getResourceTypes().contains(type)
          || FHIR.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").isEmpty()) {
        continue;
      }
      Set<String> found = new TreeSet<>();
      for (ElementDefinition element : definition.getSnapshot().getElement()) {
        if (element.getType().stream().anyMatch(ClientSearchParameterTest::mayReferencePatient)) {
          found.add(expression(element.getPath()));
        }
      }
      if (!found.isEmpty()) {
        // A client named only through a contained Patient or inside an extension: Sluis writes it here on write.
        found.add(type + ".extension('" + CLIENT_EXTENSION + "').value.ofType(Reference)");
        paths.put(type, new ArrayList<>(found));
      }
    }
    SearchParameter parameter = new SearchParameter();
    parameter.setId("client");
    parameter.setUrl("http://sluis.nl/fhir/SearchParameter/client");
    parameter.setVersion("0.1.0");
    parameter.setName("client");
    parameter.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
    parameter.setExperimental(false);
    parameter.setPublisher("Sluis");
    parameter.setDescription("Records by the client (Patient) they name, in any element that may refer to a Patient"
        + " (subject, patient, focus, performer, author, …), or in the extension sluis-ext-Client that Sluis writes when"
        + " a record names its client only through a contained Patient or inside an extension. Generated from the FHIR"
        + " R4 definitions.");
    parameter.setCode("client");
    paths.keySet().forEach(parameter::addBase);
    parameter.setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.REFERENCE);
    parameter.addTarget("Patient");
    parameter.setExpression(String.join(" | ", paths.values().stream().flatMap(List::stream).toList()));
    return parameter;
  }

  private static boolean mayReferencePatient(ElementDefinition.TypeRefComponent type) {
    if (!"Reference".equals(type.getCode())) {
      return false;
    }
    return type.getTargetProfile().isEmpty() || type.getTargetProfile().stream().anyMatch(profile ->
        profile.getValue().endsWith("/Patient") || profile.getValue().endsWith("/Resource"));
  }

  /** A choice element ({@code value[x]}) holds a Reference only as one of its types. */
  private static String expression(String path) {
    return path.endsWith("[x]") ? "(" + path.substring(0, path.length() - 3) + " as Reference)" : path;
  }
}
