package nl.sluis.disclosure;

import static nl.sluis.disclosure.engine.DataCategory.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import nl.sluis.disclosure.engine.DataCategory;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The one mapping from stored records to data categories, and the engine's categories against the code system. */
class DataCategoriesTest {

  @Test
  void theEngineKnowsExactlyTheCodeSystemsCategoriesWithTheirParents() throws IOException {
    JsonNode codeSystem = new ObjectMapper().readTree(Path.of("terminology/CodeSystem-data-category.json").toFile());
    assertThat(codeSystem.get("url").asText()).isEqualTo(DataCategory.SYSTEM);
    assertThat(codeSystem.get("hierarchyMeaning").asText()).isEqualTo("part-of");
    Map<String, String> parents = new HashMap<>();
    collect(codeSystem.get("concept"), "", parents);
    Map<String, String> engine = new HashMap<>();
    for (DataCategory category : DataCategory.values()) {
      engine.put(category.code(), category.parent() == null ? "" : category.parent().code());
    }
    assertThat(engine).isEqualTo(parents);
    assertThat(codeSystem.get("count").asInt()).isEqualTo(parents.size());
  }

  private static void collect(JsonNode concepts, String parent, Map<String, String> into) {
    for (JsonNode concept : concepts) {
      into.put(concept.get("code").asText(), parent);
      if (concept.has("concept")) {
        collect(concept.get("concept"), concept.get("code").asText(), into);
      }
    }
  }

  @Test
  void patientIdentifiesAndWithAnAddressHoldsContactDetails() {
    assertThat(DataCategories.of(new Patient())).containsExactly(IDENTIFICATION);
    assertThat(DataCategories.of(new Patient().addAddress(new Address().setCity("Utrecht"))))
        .containsExactlyInAnyOrder(IDENTIFICATION, CONTACT_DETAILS);
  }

  @Test
  void questionnaireResponsesByTheirQuestionnaire() {
    assertThat(DataCategories.of(new QuestionnaireResponse().setQuestionnaire(DataCategories.ZORGSIGNAAL)))
        .containsExactlyInAnyOrder(CONCERN, CONCERN_EXISTENCE);
    assertThat(DataCategories.of(new QuestionnaireResponse().setQuestionnaire(DataCategories.INSCHATTING + "|0.1.0")))
        .containsExactlyInAnyOrder(ASSESSMENT, DELIBERATION, ASSESSMENT_FINDINGS, ASSESSMENT_CONCLUSION);
    assertThat(DataCategories.of(new QuestionnaireResponse().setQuestionnaire("http://example.org/Questionnaire/rom")))
        .isEmpty();
  }

  @Test
  void observationsByTheirCode() {
    assertThat(DataCategories.of(finding("derailment-likelihood"))).containsExactly(ASSESSMENT_CONCLUSION);
    assertThat(DataCategories.of(finding("vulnerability"))).containsExactly(ASSESSMENT_CONCLUSION);
    assertThat(DataCategories.of(finding("next-step"))).containsExactly(ASSESSMENT_CONCLUSION);
    assertThat(DataCategories.of(finding("attention-point"))).containsExactly(ASSESSMENT_FINDINGS);
    assertThat(DataCategories.of(finding("counter-signal"))).containsExactly(ASSESSMENT_FINDINGS);
    Observation bloodPressure = new Observation();
    bloodPressure.getCode().addCoding().setSystem("http://loinc.org").setCode("85354-9");
    assertThat(DataCategories.of(bloodPressure)).containsExactly(TREATMENT);
  }

  @Test
  void otherTypes() {
    assertThat(DataCategories.of(new MedicationStatement())).containsExactly(MEDICATION);
    assertThat(DataCategories.of(new Condition())).containsExactly(TREATMENT);
    assertThat(DataCategories.of(new Communication())).isEmpty();
  }

  private static Observation finding(String code) {
    Observation observation = new Observation();
    observation.getCode().addCoding().setSystem(DataCategories.ASSESSMENT_FINDING).setCode(code);
    return observation;
  }

  @Test
  void anInformTheClientTaskIsTheClientsRecordButHoldsNoCategory() {
    Task task = new Task();
    task.setId("Task/7");
    task.setFor(new Reference("Patient/42")).setOwner(new Reference("PractitionerRole/3"));
    task.setFocus(new Reference("Communication/8"));
    ClientReferences.Clients clients = new ClientReferences(ca.uhn.fhir.context.FhirContext.forR4Cached())
        .of(task, (system, value) -> java.util.Optional.empty());
    assertThat(clients.ids()).containsExactly("42");
    assertThat(clients.notEstablished()).isFalse();
    assertThat(DataCategories.of(task)).as("no consent by category discloses it; every denial by category withholds it")
        .isEmpty();
  }
}
