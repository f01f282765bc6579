package nl.sluis.assessment;

import static nl.sluis.assessment.AssessmentFixture.AUTHOR;
import static nl.sluis.assessment.AssessmentFixture.FINDING;
import static nl.sluis.assessment.AssessmentFixture.item;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;

/**
 * Automatic extraction of a completed assessment into Observations (one per attention point, driver and network
 * person, plus likelihood and vulnerability), checked resource by resource against the response; amendment without
 * duplicates; rollback of the response when extraction fails; {@code $extract}.
 */
class AssessmentExtractionHttpTest extends PostgresServerTest {

  static final String ATTENTION_POINT = "http://sluis.nl/fhir/CodeSystem/attention-point";

  private AssessmentFixture fixture() {
    return new AssessmentFixture(http(), LocalDate.now().minusYears(18));
  }

  private static String code(JsonNode observation) {
    for (JsonNode c : observation.path("code").path("coding")) {
      if (FINDING.equals(c.path("system").asText())) {
        return c.path("code").asText();
      }
    }
    return null;
  }

  private static String valueCode(JsonNode observation) {
    return observation.path("valueCodeableConcept").path("coding").path(0).path("code").asText(null);
  }

  private static String answerCode(JsonNode item) {
    return item.path("answer").path(0).path("valueCoding").path("code").asText(null);
  }

  @Test
  void aCompletedAssessmentIsExtractedIntoOneFindingPerAttentionPointDriverNetworkPersonLikelihoodAndVulnerability() {
    AssessmentFixture f = fixture();
    String concern = f.concern();
    ObjectNode assessment = f.assessmentJson(concern);
    String response = "QuestionnaireResponse/" + f.create("/fhir/QuestionnaireResponse", assessment.toString());

    List<JsonNode> findings = f.findingsOf(response);
    Map<String, List<JsonNode>> byCode = findings.stream().collect(Collectors.groupingBy(o -> code(o)));
    int attentionPoints = AssessmentFixture.item(assessment, "aandachtspunten").path("item").size();
    List<JsonNode> persons = AssessmentFixture.items(assessment, "netwerk-persoon", new ArrayList<>());
    JsonNode drivers = item(assessment, "drijfveren").path("answer");
    assertThat(attentionPoints).isEqualTo(9);
    List<JsonNode> triggers = AssessmentFixture.items(assessment, "triggerfactor", new ArrayList<>());
    JsonNode nextSteps = item(assessment, "overleg").path("item");
    JsonNode steps = java.util.stream.StreamSupport.stream(nextSteps.spliterator(), false)
        .filter(i -> i.path("linkId").asText().equals("overleg.vervolgstap")).findFirst().orElseThrow().path("answer");
    assertThat(byCode.keySet()).containsExactlyInAnyOrder("attention-point", "vulnerability",
        "derailment-likelihood", "network-person", "driver", "trigger-factor", "counter-signal", "next-step");
    assertThat(byCode.get("attention-point")).hasSize(attentionPoints);
    assertThat(byCode.get("network-person")).hasSize(persons.size()).hasSize(2);
    assertThat(byCode.get("driver")).hasSize(drivers.size()).hasSize(2);
    assertThat(byCode.get("vulnerability")).hasSize(1);
    assertThat(byCode.get("derailment-likelihood")).hasSize(1);
    assertThat(byCode.get("trigger-factor")).hasSize(triggers.size()).hasSize(2);
    assertThat(byCode.get("counter-signal")).hasSize(1);
    assertThat(byCode.get("next-step")).hasSize(steps.size()).hasSize(2);
    assertThat(findings).hasSize(attentionPoints + persons.size() + drivers.size() + triggers.size()
        + steps.size() + 3);

    // what every finding carries
    Set<String> identifiers = new HashSet<>();
    for (JsonNode o : findings) {
      assertThat(o.path("status").asText()).isEqualTo("final");
      assertThat(o.path("subject").path("reference").asText()).isEqualTo(f.patient);
      assertThat(o.path("performer").path(0).path("reference").asText()).isEqualTo(AUTHOR);
      assertThat(o.path("effectiveDateTime").asText()).isEqualTo(assessment.path("authored").asText());
      assertThat(o.path("derivedFrom").path(0).path("reference").asText()).isEqualTo(response);
      assertThat(labels(o)).contains("http://terminology.hl7.org/CodeSystem/v3-Confidentiality|V",
          "http://terminology.hl7.org/CodeSystem/v3-ActCode|PSY",
          "http://sluis.nl/fhir/CodeSystem/security-label|third-party-information");
      assertThat(identifiers.add(o.path("identifier").path(0).path("value").asText())).isTrue();
    }

    // value by value, from the response
    assertThat(valueCode(byCode.get("vulnerability").get(0))).isEqualTo(answerCode(item(assessment, "kwetsbaarheid")));
    assertThat(valueCode(byCode.get("derailment-likelihood").get(0)))
        .isEqualTo(answerCode(item(assessment, "kans-ontsporing")));
    for (JsonNode point : item(assessment, "aandachtspunten").path("item")) {
      String linkId = point.path("linkId").asText();
      String pointCode = linkId.substring("aandachtspunt-".length());
      JsonNode finding = byCode.get("attention-point").stream()
          .filter(o -> componentCodes(o).contains(ATTENTION_POINT + "|" + pointCode)).findFirst().orElseThrow();
      assertThat(valueCode(finding)).as(linkId).isEqualTo(answerCode(item(point, linkId + ".antwoord")));
      JsonNode explanation = item(point, linkId + ".toelichting");
      assertThat(finding.path("note").path(0).path("text").asText(null)).as(linkId)
          .isEqualTo(explanation == null ? null : explanation.path("answer").path(0).path("valueString").asText());
    }
    Set<String> driverCodes = new HashSet<>();
    drivers.forEach(a -> driverCodes.add(a.path("valueCoding").path("code").asText()));
    assertThat(byCode.get("driver").stream().map(AssessmentExtractionHttpTest::valueCode)).containsExactlyInAnyOrderElementsOf(driverCodes);
    // the other side: what contradicts the suspicion, and the events that may act as triggers
    assertThat(byCode.get("counter-signal").get(0).path("valueString").asText())
        .isEqualTo(item(assessment, "tegensignalen").path("answer").path(0).path("valueString").asText());
    for (JsonNode trigger : triggers) {
      String category = answerCode(item(trigger, "triggerfactor.categorie"));
      assertThat(byCode.get("trigger-factor")).as(category).anySatisfy(o -> assertThat(valueCode(o)).isEqualTo(category));
    }
    Set<String> stepCodes = new HashSet<>();
    steps.forEach(a -> stepCodes.add(a.path("valueCoding").path("code").asText()));
    assertThat(byCode.get("next-step").stream().map(AssessmentExtractionHttpTest::valueCode))
        .containsExactlyInAnyOrderElementsOf(stepCodes);
    for (JsonNode person : persons) {
      JsonNode reference = item(person, "netwerk-persoon.persoon");
      JsonNode finding = byCode.get("network-person").stream().filter(o -> reference != null
              ? f.mother.equals(o.path("focus").path(0).path("reference").asText())
              : item(person, "netwerk-persoon.omschrijving").path("answer").path(0).path("valueString").asText()
                  .equals(o.path("focus").path(0).path("display").asText()))
          .findFirst().orElseThrow();
      assertThat(valueCode(finding)).isEqualTo(answerCode(item(person, "netwerk-persoon.rol")));
      assertThat(finding.path("note").path(0).path("text").asText())
          .isEqualTo(item(person, "netwerk-persoon.toelichting").path("answer").path(0).path("valueString").asText());
    }
  }

  @Test
  void everyExtractedFindingIsValidAgainstTheAssessmentFindingProfile() {
    AssessmentFixture f = fixture();
    String response = "QuestionnaireResponse/" + f.create("/fhir/QuestionnaireResponse",
        f.assessmentJson(f.concern()).toString());
    List<JsonNode> findings = f.findingsOf(response);
    assertThat(findings).hasSize(20);
    for (JsonNode o : findings) {
      HttpResponse<String> check = http().post("/fhir/Observation/$validate?profile=" + AssessmentFixture.enc(
          "http://sluis.nl/fhir/StructureDefinition/sluis-Observation-AssessmentFinding"), FHIR_JSON, o.toString());
      assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
      List<String> errors = new ArrayList<>();
      AssessmentFixture.tree(check.body()).path("issue").forEach(i -> {
        if (i.path("severity").asText().matches("error|fatal")) {
          errors.add(i.path("diagnostics").asText());
        }
      });
      assertThat(errors).as(o.toString()).isEmpty();
    }
  }

  @Test
  void anAmendedResponseReplacesItsFindingsWithoutDuplicatesAndKeepsTheEarlierOnesInHistory() {
    AssessmentFixture f = fixture();
    ObjectNode assessment = f.assessmentJson(f.concern());
    String id = f.create("/fhir/QuestionnaireResponse", assessment.toString());
    String response = "QuestionnaireResponse/" + id;
    List<JsonNode> before = f.findingsOf(response);
    JsonNode likelihoodBefore = before.stream().filter(o -> "derailment-likelihood".equals(code(o))).findFirst()
        .orElseThrow();
    String oldLikelihood = valueCode(likelihoodBefore);
    String newLikelihood = "high".equals(oldLikelihood) ? "low" : "high";

    // amend: another likelihood, one driver less
    assessment.put("id", id);
    assessment.put("status", "amended");
    ((ObjectNode) item(assessment, "kans-ontsporing").path("answer").path(0).path("valueCoding"))
        .put("code", newLikelihood).remove("display");
    ArrayNode drivers = (ArrayNode) item(assessment, "drijfveren").path("answer");
    String droppedDriver = drivers.get(1).path("valueCoding").path("code").asText();
    drivers.remove(1);
    HttpResponse<String> put = http().put("/fhir/" + response, FHIR_JSON, assessment.toString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    List<JsonNode> after = f.findingsOf(response);
    assertThat(after).hasSize(before.size()); // nothing added, nothing deleted
    List<JsonNode> current = after.stream().filter(o -> !"entered-in-error".equals(o.path("status").asText())).toList();
    assertThat(current).hasSize(before.size() - 1);
    assertThat(current.stream().map(o -> o.path("identifier").path(0).path("value").asText()).distinct().count())
        .isEqualTo(current.size());
    JsonNode likelihood = after.stream().filter(o -> "derailment-likelihood".equals(code(o))).findFirst().orElseThrow();
    assertThat(likelihood.path("id").asText()).isEqualTo(likelihoodBefore.path("id").asText());
    assertThat(likelihood.path("status").asText()).isEqualTo("amended");
    assertThat(valueCode(likelihood)).isEqualTo(newLikelihood);
    assertThat(likelihood.path("meta").path("versionId").asText()).isEqualTo("2");
    JsonNode dropped = after.stream().filter(o -> "driver".equals(code(o)) && droppedDriver.equals(valueCode(o)))
        .findFirst().orElseThrow();
    assertThat(dropped.path("status").asText()).isEqualTo("entered-in-error");
    // unchanged findings are left as they were
    JsonNode vulnerability = after.stream().filter(o -> "vulnerability".equals(code(o))).findFirst().orElseThrow();
    assertThat(vulnerability.path("status").asText()).isEqualTo("final");
    assertThat(vulnerability.path("meta").path("versionId").asText()).isEqualTo("1");

    // the earlier value stays in history
    HttpResponse<String> history = http().get("/fhir/Observation/" + likelihood.path("id").asText() + "/_history/1");
    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    JsonNode first = AssessmentFixture.tree(history.body());
    assertThat(first.path("status").asText()).isEqualTo("final");
    assertThat(valueCode(first)).isEqualTo(oldLikelihood);

    // the latest finding is found by code, newest first
    List<JsonNode> latest = f.search("Observation?subject=" + f.patient + "&code=" + AssessmentFixture.enc(FINDING
        + "|derailment-likelihood") + "&status=final,amended&_sort=-date");
    assertThat(latest).hasSize(1);
    assertThat(valueCode(latest.get(0))).isEqualTo(newLikelihood);

    // withdrawing the assessment withdraws its findings
    assessment.put("status", "entered-in-error");
    assertThat(http().put("/fhir/" + response, FHIR_JSON, assessment.toString()).statusCode()).isEqualTo(200);
    assertThat(f.findingsOf(response)).hasSize(before.size())
        .allSatisfy(o -> assertThat(o.path("status").asText()).isEqualTo("entered-in-error"));
  }

  @Test
  void aResponseInProgressIsNotExtracted() {
    AssessmentFixture f = fixture();
    ObjectNode assessment = f.assessmentJson(f.concern());
    assessment.put("status", "in-progress");
    String response = "QuestionnaireResponse/" + f.create("/fhir/QuestionnaireResponse", assessment.toString());
    assertThat(f.findingsOf(response)).isEmpty();
  }

  @Test
  void whenExtractionFailsTheResponseIsNotStoredEither() {
    AssessmentFixture f = fixture();
    String canonical = "http://sluis.nl/fhir/Questionnaire/test-extract-" + UUID.randomUUID();
    String questionnaire = "{\"resourceType\":\"Questionnaire\",\"url\":\"" + canonical + "\",\"status\":\"active\","
        + "\"subjectType\":[\"Patient\"],\"item\":[{\"linkId\":\"waarneming\",\"text\":\"Waarneming\",\"type\":\"string\","
        + "\"extension\":[{\"url\":\"" + ObservationExtractor.OBSERVATION_EXTRACT + "\",\"valueBoolean\":true}]}]}";
    f.create("/fhir/Questionnaire", questionnaire);
    String response = "{\"resourceType\":\"QuestionnaireResponse\",\"identifier\":{\"system\":\"urn:test\",\"value\":\""
        + f.marker + "\"},\"questionnaire\":\"" + canonical + "\",\"status\":\"%s\",\"subject\":{\"reference\":\""
        + f.patient + "\"},\"authored\":\"2026-11-20T10:00:00+01:00\",\"author\":{\"reference\":\"" + AUTHOR + "\"},"
        + "\"item\":[{\"linkId\":\"waarneming\",\"text\":\"Waarneming\",\"answer\":[{\"valueString\":\"iets\"}]}]}";

    HttpResponse<String> refused = http().post("/fhir/QuestionnaireResponse", FHIR_JSON, response.formatted("completed"));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("waarneming").contains("no code");
    assertThat(f.search("QuestionnaireResponse?identifier=" + AssessmentFixture.enc("urn:test|" + f.marker))).isEmpty();
    assertThat(f.search("Observation?subject=" + f.patient)).isEmpty();

    // the same response in progress (nothing to extract) is stored: the refusal above was the extraction's
    assertThat(http().post("/fhir/QuestionnaireResponse", FHIR_JSON, response.formatted("in-progress")).statusCode())
        .isEqualTo(201);
    assertThat(f.search("QuestionnaireResponse?identifier=" + AssessmentFixture.enc("urn:test|" + f.marker))).hasSize(1);
  }

  @Test
  void inATransactionTheFindingsAreStoredWithTheResponseOrNothingIs() {
    AssessmentFixture f = fixture();
    String concern = f.concern();
    ObjectNode assessment = f.assessmentJson(concern);
    assessment.putObject("identifier").put("system", "urn:test").put("value", f.marker);
    String entry = "{\"fullUrl\":\"urn:uuid:" + UUID.randomUUID() + "\",\"resource\":" + assessment
        + ",\"request\":{\"method\":\"POST\",\"url\":\"QuestionnaireResponse\"}}";
    String invalidPatient = "{\"fullUrl\":\"urn:uuid:" + UUID.randomUUID() + "\",\"resource\":{\"resourceType\":"
        + "\"Patient\",\"name\":[{\"use\":\"official\",\"family\":\"ZonderGeboortedatum\"}]},"
        + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}";
    HttpResponse<String> refused = http().post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":"
        + "\"transaction\",\"entry\":[" + entry + "," + invalidPatient + "]}");
    assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 499);
    assertThat(f.search("QuestionnaireResponse?identifier=" + AssessmentFixture.enc("urn:test|" + f.marker))).isEmpty();
    assertThat(f.search("Observation?subject=" + f.patient)).isEmpty();

    HttpResponse<String> stored = http().post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":"
        + "\"transaction\",\"entry\":[" + entry + "]}");
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    List<JsonNode> responses = f.search("QuestionnaireResponse?identifier=" + AssessmentFixture.enc("urn:test|"
        + f.marker));
    assertThat(responses).hasSize(1);
    assertThat(f.findingsOf("QuestionnaireResponse/" + responses.get(0).path("id").asText())).hasSize(20);
  }

  @Test
  void extractReturnsTheFindingsOfAStoredResponseAsATransactionBundle() {
    AssessmentFixture f = fixture();
    String response = "QuestionnaireResponse/" + f.create("/fhir/QuestionnaireResponse",
        f.assessmentJson(f.concern()).toString());
    HttpResponse<String> extracted = http().get("/fhir/" + response + "/$extract");
    assertThat(extracted.statusCode()).as(extracted.body()).isEqualTo(200);
    JsonNode bundle = AssessmentFixture.tree(extracted.body());
    assertThat(bundle.path("type").asText()).isEqualTo("transaction");
    Set<String> stored = f.findingsOf(response).stream()
        .map(o -> o.path("identifier").path(0).path("value").asText()).collect(Collectors.toSet());
    Set<String> returned = new HashSet<>();
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode o = entry.path("resource");
      assertThat(o.path("resourceType").asText()).isEqualTo("Observation");
      assertThat(o.path("derivedFrom").path(0).path("reference").asText()).isEqualTo(response);
      assertThat(entry.path("request").path("method").asText()).isEqualTo("POST");
      assertThat(entry.path("request").path("ifNoneExist").asText())
          .isEqualTo("identifier=" + ObservationExtractor.IDENTIFIER_SYSTEM + "|" + o.path("identifier").path(0)
              .path("value").asText());
      returned.add(o.path("identifier").path(0).path("value").asText());
    }
    assertThat(returned).hasSize(20).isEqualTo(stored);
  }

  @Test
  void extractOfAnUnstoredInvalidResponseAnswers422NamingTheItem() {
    AssessmentFixture f = fixture();
    ObjectNode assessment = f.assessmentJson(f.concern());
    ((ObjectNode) item(assessment, "kwetsbaarheid").path("answer").path(0).path("valueCoding"))
        .put("code", "geen-code").remove("display");
    String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"questionnaire-response\","
        + "\"resource\":" + assessment + "}]}";
    HttpResponse<String> refused = http().post("/fhir/QuestionnaireResponse/$extract", FHIR_JSON, parameters);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("kwetsbaarheid");

    ((ObjectNode) item(assessment, "kwetsbaarheid").path("answer").path(0).path("valueCoding"))
        .put("code", answerCode(item(f.assessmentJson(null), "kwetsbaarheid")));
    String valid = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"questionnaire-response\","
        + "\"resource\":" + assessment + "}]}";
    HttpResponse<String> extracted = http().post("/fhir/QuestionnaireResponse/$extract", FHIR_JSON, valid);
    assertThat(extracted.statusCode()).as(extracted.body()).isEqualTo(200);
    assertThat(AssessmentFixture.tree(extracted.body()).path("entry")).hasSize(20);
  }

  static Set<String> labels(JsonNode o) {
    Set<String> out = new HashSet<>();
    o.path("meta").path("security").forEach(c -> out.add(c.path("system").asText() + "|" + c.path("code").asText()));
    return out;
  }

  static Set<String> componentCodes(JsonNode o) {
    Set<String> out = new HashSet<>();
    o.path("component").forEach(c -> c.path("code").path("coding").forEach(x -> out.add(x.path("system").asText()
        + "|" + x.path("code").asText())));
    return out;
  }

  static Set<String> codings(JsonNode o) {
    Set<String> out = new HashSet<>();
    o.path("code").path("coding").forEach(c -> out.add(c.path("system").asText() + "|" + c.path("code").asText()));
    return out;
  }
}
