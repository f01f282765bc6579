package nl.sluis.conformance.pkg;

import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two Questionnaires of issue 5 (Zorgsignaal, Inschatting situatie en risico's) and the QuestionnaireResponse
 * examples checked against them, with both the HL7 validator library and HAPI's validator (the server's chain with
 * the package's Questionnaires resolvable): the Questionnaires are valid, every item is exercised by a valid
 * response, every valid response is checked against (not merely next to) its Questionnaire, and every invalid
 * response fails with an error that names its {@code linkId}, in the message or by its location.
 */
class QuestionnairePackageTest {

  static final String Q = "http://sluis.nl/fhir/Questionnaire/";
  static final String CS = "http://sluis.nl/fhir/CodeSystem/";
  static final String VS = "http://sluis.nl/fhir/ValueSet/";
  static final String EXTRACT = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-ObservationExtract";
  static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";
  static final Map<String, String> FILES = Map.of(
      Q + "zorgsignaal", "Questionnaire-zorgsignaal.json",
      Q + "inschatting-situatie-risicos", "Questionnaire-inschatting-situatie-risicos.json");

  private static Hl7Validator hl7;
  private static HapiValidationChain hapi;

  @BeforeAll
  static void buildValidators() {
    hl7 = Hl7Validator.ours();
    hapi = HapiValidationChain.fromFolders(Hl7Validator.terminologyDir(), Hl7Validator.profilesDir());
  }

  // ------------------------------------------------------------------------------------------- the Questionnaires

  @TestFactory
  Stream<DynamicTest> theQuestionnairesAreValidFhirForBothValidators() {
    return FILES.values().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
      Path file = Hl7Validator.profilesDir().resolve(name);
      List<ValidationMessage> m = hl7.validate(Examples.bytes(file));
      assertThat(Hl7Validator.errors(m)).as("HL7 errors for %s:%n%s", name, Hl7Validator.describe(m)).isEmpty();
      List<SingleValidationMessage> h = hapi.validate(Files.readString(file), null);
      assertThat(HapiValidationChain.errors(h)).as("HAPI errors for %s:%n%s", name, HapiValidationChain.describe(h))
          .isEmpty();
    }));
  }

  @Test
  void theQuestionnairesDeclareTheirCanonicalsAndMetadata() {
    for (Map.Entry<String, String> e : FILES.entrySet()) {
      JsonNode q = questionnaire(e.getKey());
      assertThat(q.path("url").asText()).isEqualTo(e.getKey());
      assertThat(q.path("id").asText()).isEqualTo(e.getKey().substring(Q.length()));
      assertThat(q.path("version").asText()).isEqualTo("0.1.0");
      assertThat(q.path("status").asText()).isEqualTo("active");
      assertThat(q.path("publisher").asText()).isEqualTo("Sluis");
      assertThat(q.path("subjectType").get(0).asText()).isEqualTo("Patient");
      assertThat(q.path("copyright").asText()).contains("CC0");
      assertThat(q.path("description").asText()).contains("Maak een verdere inschatting van de situatie en risico's");
    }
  }

  @Test
  void theQuestionnaireResponseProfilesFixTheseCanonicals() {
    for (String profile : List.of("sluis-QuestionnaireResponse-Zorgsignaal", "sluis-QuestionnaireResponse-Inschatting")) {
      JsonNode sd = Examples.read(Hl7Validator.profilesDir().resolve("StructureDefinition-" + profile + ".json"));
      String fixed = null;
      for (JsonNode el : sd.path("differential").path("element")) {
        if (el.path("path").asText().equals("QuestionnaireResponse.questionnaire")) {
          fixed = el.path("fixedCanonical").asText();
        }
      }
      assertThat(FILES).containsKey(fixed);
    }
  }

  @Test
  void everyItemHasADutchTextAnEnglishTranslationAndConsistentAttributes() {
    for (String url : FILES.keySet()) {
      Map<String, JsonNode> items = items(questionnaire(url));
      for (Map.Entry<String, JsonNode> e : items.entrySet()) {
        JsonNode item = e.getValue();
        String type = item.path("type").asText();
        assertThat(item.path("text").asText()).as("%s text", e.getKey()).isNotBlank();
        assertThat(englishText(item)).as("%s English translation", e.getKey()).isNotBlank();
        if (type.equals("choice")) {
          assertThat(item.path("answerValueSet").asText()).as("%s answerValueSet", e.getKey()).startsWith(VS);
          assertThat(Hl7Validator.terminologyDir().resolve(
              "ValueSet-" + item.path("answerValueSet").asText().substring(VS.length()) + ".json"))
              .as("%s answerValueSet in the terminology package", e.getKey()).exists();
        }
        if (type.equals("display")) {
          assertThat(item.has("required") || item.has("repeats")).as("%s display item", e.getKey()).isFalse();
        }
        for (JsonNode code : item.path("code")) {
          assertThat(code.path("system").asText()).as("%s code system", e.getKey()).startsWith(CS);
          assertThat(conceptCodes(code.path("system").asText())).as("%s code", e.getKey())
              .contains(code.path("code").asText());
        }
        for (JsonNode ew : item.path("enableWhen")) {
          assertThat(items).as("%s enableWhen question", e.getKey()).containsKey(ew.path("question").asText());
        }
      }
    }
  }

  @Test
  void theZorgsignaalSaysNationalAdviceIsAskedWithoutTheClientsName() {
    Map<String, JsonNode> items = items(questionnaire(Q + "zorgsignaal"));
    assertThat(items.get("landelijk-advies.zonder-naam").path("text").asText()).contains("zonder de naam van de cliënt");
    assertThat(items.get("landelijk-advies.zonder-naam").path("type").asText()).isEqualTo("display");
    assertThat(items.get("besproken-met").path("enableWhen").get(0).path("question").asText())
        .isEqualTo("intern-besproken");
    assertThat(items.get("reden-niet-intern").path("enableWhen").get(0).path("answerBoolean").asBoolean(true)).isFalse();
    assertThat(items.get("signaal").path("repeats").asBoolean()).isTrue();
    assertThat(items.get("signaal.soort").path("answerValueSet").asText()).isEqualTo(VS + "signal-type");
    assertThat(items.get("signaal.bron").path("required").asBoolean()).isTrue();
  }

  @Test
  void theAssessmentIsSignallingNotARiskAssessmentInstrument() {
    JsonNode q = questionnaire(Q + "inschatting-situatie-risicos");
    assertThat(q.path("description").asText()).contains("NOT a validated risk-assessment instrument");
    Map<String, JsonNode> items = items(q);
    assertThat(items.get("signalering").path("type").asText()).isEqualTo("display");
    assertThat(items.get("signalering").path("text").asText()).contains("geen gevalideerd instrument voor risicotaxatie");
    for (Map.Entry<String, JsonNode> e : items.entrySet()) {
      assertThat(e.getValue().path("text").asText()).as(e.getKey()).doesNotContain("VERA").doesNotContain("ERG22");
    }
    assertThat(items.get("tegensignalen").path("required").asBoolean()).as("counter-signals required").isTrue();
    assertThat(items.get("overleg.conclusie").path("required").asBoolean()).isTrue();
    assertThat(items.get("overleg.vervolgstap").path("answerValueSet").asText()).isEqualTo(VS + "next-step");
    assertThat(items.get("drijfveren").path("repeats").asBoolean()).isTrue();
    assertThat(items.get("netwerk-persoon.persoon").path("type").asText()).isEqualTo("reference");
  }

  @Test
  void theNineAttentionPointsAreGroupsCodedWithOurAttentionPointCodes() {
    Map<String, JsonNode> items = items(questionnaire(Q + "inschatting-situatie-risicos"));
    Set<String> used = new TreeSet<>();
    for (JsonNode item : items.values()) {
      for (JsonNode code : item.path("code")) {
        if (code.path("system").asText().equals(CS + "attention-point")) {
          assertThat(item.path("type").asText()).isEqualTo("group");
          assertThat(item.path("required").asBoolean()).isTrue();
          assertThat(used.add(code.path("code").asText())).as("attention point used once").isTrue();
          String linkId = item.path("linkId").asText();
          assertThat(items.get(linkId + ".antwoord").path("answerValueSet").asText()).isEqualTo(VS + "attention-point-answer");
          assertThat(items).containsKey(linkId + ".toelichting");
        }
      }
    }
    assertThat(used).containsExactlyInAnyOrderElementsOf(conceptCodes(CS + "attention-point")).hasSize(9);
  }

  @Test
  void theItemsThatBecomeObservationsCarryObservationExtractAndAnAssessmentFindingCode() {
    Map<String, JsonNode> items = items(questionnaire(Q + "inschatting-situatie-risicos"));
    Map<String, String> extracted = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : items.entrySet()) {
      boolean extract = false;
      for (JsonNode ext : e.getValue().path("extension")) {
        if (ext.path("url").asText().equals(EXTRACT)) {
          assertThat(ext.path("valueBoolean").asBoolean()).isTrue();
          extract = true;
        }
      }
      if (extract) {
        String finding = null;
        for (JsonNode code : e.getValue().path("code")) {
          if (code.path("system").asText().equals(CS + "assessment-finding")) {
            finding = code.path("code").asText();
          }
        }
        assertThat(finding).as("%s has an assessment-finding code", e.getKey()).isNotNull();
        extracted.put(e.getKey(), finding);
      }
    }
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("kwetsbaarheid", "vulnerability");
    expected.put("kans-ontsporing", "derailment-likelihood");
    for (String point : conceptCodes(CS + "attention-point")) {
      expected.put("aandachtspunt-" + point, "attention-point");
    }
    expected.put("netwerk-persoon", "network-person");
    expected.put("drijfveren", "driver");
    expected.put("triggerfactor", "trigger-factor");
    expected.put("tegensignalen", "counter-signal");
    expected.put("overleg.vervolgstap", "next-step");
    assertThat(extracted).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(items(questionnaire(Q + "zorgsignaal")).values())
        .noneMatch(i -> i.path("extension").toString().contains(EXTRACT));
  }

  // ----------------------------------------------------------------------------------------------- the responses

  @Test
  void everyItemOfBothQuestionnairesIsExercisedByAValidResponse() {
    for (String url : FILES.keySet()) {
      Set<String> answered = new HashSet<>();
      for (Path file : validResponses()) {
        JsonNode qr = Examples.read(file);
        if (qr.path("questionnaire").asText().equals(url)) {
          collectAnswered(qr.path("item"), answered);
        }
      }
      List<String> missing = new ArrayList<>();
      items(questionnaire(url)).forEach((linkId, item) -> {
        if (!item.path("type").asText().equals("display") && !answered.contains(linkId)) {
          missing.add(linkId);
        }
      });
      assertThat(missing).as("items of %s no valid example answers", url).isEmpty();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyValidResponseIsCheckedAgainstItsQuestionnaire() {
    return validResponses().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      String profile = Examples.declaredProfile(file);
      List<ValidationMessage> m = hl7.validate(Examples.bytes(file), profile);
      assertThat(Hl7Validator.errors(m)).as("HL7 errors:%n%s", Hl7Validator.describe(m)).isEmpty();
      assertThat(m).noneMatch(x -> x.getMessage().contains("could not be resolved"));
      List<SingleValidationMessage> h = hapi.validate(Files.readString(file), profile);
      assertThat(HapiValidationChain.errors(h)).as("HAPI errors:%n%s", HapiValidationChain.describe(h)).isEmpty();
      assertThat(h).noneMatch(x -> x.getMessage().contains("could not be resolved"));
    }));
  }

  @Test
  void aResponseThatDropsARequiredAnswerIsRejectedSoTheQuestionnaireIsReallyConsulted() throws Exception {
    // guards against a validation context that silently cannot resolve the Questionnaire (then nothing fails)
    for (Path file : validResponses()) {
      com.fasterxml.jackson.databind.node.ObjectNode qr = (com.fasterxml.jackson.databind.node.ObjectNode) Examples.read(file);
      qr.withArray("item").removeAll();
      String profile = Examples.declaredProfile(file);
      assertThat(Hl7Validator.errors(hl7.validate(Examples.bytes(qr), profile))).as(file.getFileName().toString())
          .anySatisfy(m -> assertThat(m.getMessage()).contains("required item"));
      assertThat(HapiValidationChain.errors(hapi.validate(Examples.JSON.writeValueAsString(qr), profile)))
          .as(file.getFileName().toString()).anySatisfy(m -> assertThat(m.getMessage()).contains("required item"));
    }
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidResponseFailsWithAnErrorNamingItsLinkId() {
    JsonNode expected = Examples.read(Examples.invalidDir().resolve("expected-errors.json"));
    List<DynamicTest> tests = new ArrayList<>();
    expected.fields().forEachRemaining(e -> {
      if (!e.getValue().has("linkId")) {
        return;
      }
      String linkId = e.getValue().path("linkId").asText();
      String profile = e.getValue().path("profile").asText();
      Path file = Examples.invalidDir().resolve(e.getKey());
      tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
        JsonNode qr = Examples.read(file);
        List<ValidationMessage> m = Hl7Validator.errors(hl7.validate(Examples.bytes(file), profile));
        assertThat(m).as("HL7 errors naming %s:%n%s", linkId, Hl7Validator.describe(m))
            .anySatisfy(x -> assertThat(namesLinkId(qr, x.getMessage(), x.getLocation(), linkId)).isTrue());
        List<SingleValidationMessage> h = HapiValidationChain.errors(hapi.validate(Files.readString(file), profile));
        assertThat(h).as("HAPI errors naming %s:%n%s", linkId, HapiValidationChain.describe(h))
            .anySatisfy(x -> assertThat(namesLinkId(qr, x.getMessage(), x.getLocationString(), linkId)).isTrue());
      }));
    });
    assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
    return tests.stream();
  }

  // ------------------------------------------------------------------------------------------------- terminology

  @Test
  void theSecurityLabelCodeSystemHoldsTheDisclosureEnginesLabelsAndIsInTheSecurityLabelValueSet() {
    assertThat(conceptCodes(CS + "security-label")).contains("third-party-information", "released-to-parents");
    JsonNode vs = Examples.read(Hl7Validator.terminologyDir().resolve("ValueSet-security-label.json"));
    assertThat(vs.path("compose").path("include").findValuesAsText("system")).contains(CS + "security-label");
  }

  // ----------------------------------------------------------------------------------------------------- helpers

  /** The error names the linkId in its message, or points at (inside) the response item with that linkId. */
  static boolean namesLinkId(JsonNode qr, String message, String location, String linkId) {
    if (message != null && message.contains("'" + linkId + "'")) {
      return true;
    }
    return linkId.equals(itemAt(qr, location));
  }

  private static final Pattern STEP = Pattern.compile("\\.(item|answer)\\[(\\d+)]");

  /** The linkId of the innermost item on a location such as {@code QuestionnaireResponse.item[3].item[0].answer[0]}. */
  static String itemAt(JsonNode qr, String location) {
    if (location == null) {
      return null;
    }
    JsonNode node = qr;
    String linkId = null;
    Matcher m = STEP.matcher(location);
    while (m.find()) {
      node = node.path(m.group(1)).path(Integer.parseInt(m.group(2)));
      if (m.group(1).equals("item")) {
        linkId = node.path("linkId").asText(null);
      }
    }
    return linkId;
  }

  static void collectAnswered(JsonNode items, Set<String> out) {
    for (JsonNode item : items) {
      if (item.path("answer").size() > 0 || item.path("item").size() > 0) {
        out.add(item.path("linkId").asText());
      }
      collectAnswered(item.path("item"), out);
      for (JsonNode a : item.path("answer")) {
        collectAnswered(a.path("item"), out);
      }
    }
  }

  static List<Path> validResponses() {
    List<Path> files = Examples.valid();
    files.removeIf(p -> !p.getFileName().toString().startsWith("QuestionnaireResponse-"));
    return files;
  }

  static JsonNode questionnaire(String url) {
    return Examples.read(Hl7Validator.profilesDir().resolve(FILES.get(url)));
  }

  /** All items by linkId, depth first. */
  static Map<String, JsonNode> items(JsonNode questionnaire) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    collectItems(questionnaire.path("item"), out);
    return out;
  }

  private static void collectItems(JsonNode items, Map<String, JsonNode> out) {
    for (JsonNode item : items) {
      assertThat(out.put(item.path("linkId").asText(), item)).as("unique linkId %s", item.path("linkId")).isNull();
      collectItems(item.path("item"), out);
    }
  }

  static String englishText(JsonNode item) {
    for (JsonNode ext : item.path("_text").path("extension")) {
      if (ext.path("url").asText().equals(TRANSLATION)) {
        String lang = null;
        String content = null;
        for (JsonNode sub : ext.path("extension")) {
          if (sub.path("url").asText().equals("lang")) {
            lang = sub.path("valueCode").asText();
          } else if (sub.path("url").asText().equals("content")) {
            content = sub.path("valueString").asText();
          }
        }
        if ("en".equals(lang)) {
          return content;
        }
      }
    }
    return null;
  }

  static Set<String> conceptCodes(String codeSystemUrl) {
    Path file = Hl7Validator.terminologyDir().resolve("CodeSystem-" + codeSystemUrl.substring(CS.length()) + ".json");
    Set<String> codes = new TreeSet<>();
    addCodes(Examples.read(file).path("concept"), codes);
    return codes;
  }

  /** Nested concepts too (a hierarchical code system such as data-category). */
  private static void addCodes(JsonNode concepts, Set<String> into) {
    for (JsonNode c : concepts) {
      into.add(c.path("code").asText());
      addCodes(c.path("concept"), into);
    }
  }
}
