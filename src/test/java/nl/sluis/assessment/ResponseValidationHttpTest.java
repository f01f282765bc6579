package nl.sluis.assessment;

import static nl.sluis.assessment.AssessmentFixture.item;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;

/**
 * Submitting responses: valid ones for every item of both Questionnaires are stored; invalid ones (missing required
 * items, wrong answer types, answers outside the value set, answers to disabled items, too many answers) are refused
 * with 422 and an issue that names the item's linkId — nothing stored.
 */
class ResponseValidationHttpTest extends PostgresServerTest {

  private AssessmentFixture fixture() {
    return new AssessmentFixture(http(), LocalDate.now().minusYears(18));
  }

  @Test
  void responsesToEveryItemOfBothQuestionnairesAreStored() {
    AssessmentFixture f = fixture();
    Set<String> answered = new TreeSet<>();
    String concern = null;
    for (String file : List.of("QuestionnaireResponse-zorgsignaal-01.json", "QuestionnaireResponse-zorgsignaal-02.json",
        "QuestionnaireResponse-inschatting-01.json", "QuestionnaireResponse-inschatting-02.json")) {
      String body = f.rewrite(AssessmentFixture.read(file), concern);
      String id = f.create("/fhir/QuestionnaireResponse", body);
      if (concern == null) {
        concern = "QuestionnaireResponse/" + id;
      }
      collect(AssessmentFixture.tree(body), answered);
    }
    Set<String> questions = new TreeSet<>();
    for (String url : List.of(AssessmentFixture.ZORGSIGNAAL, AssessmentFixture.INSCHATTING)) {
      List<JsonNode> found = f.search("Questionnaire?url=" + AssessmentFixture.enc(url));
      assertThat(found).hasSize(1);
      questions(found.get(0), questions);
    }
    assertThat(questions).hasSizeGreaterThan(40);
    assertThat(answered).containsAll(questions);
  }

  private static void collect(JsonNode node, Set<String> out) {
    for (JsonNode item : node.path("item")) {
      out.add(item.path("linkId").asText());
      collect(item, out);
      item.path("answer").forEach(a -> collect(a, out));
    }
  }

  private static void questions(JsonNode node, Set<String> out) {
    for (JsonNode item : node.path("item")) {
      if (!"display".equals(item.path("type").asText())) {
        out.add(item.path("linkId").asText());
      }
      questions(item, out);
    }
  }

  private void refused(AssessmentFixture f, ObjectNode response, String linkId, String why) {
    HttpResponse<String> r = http().post("/fhir/QuestionnaireResponse", FHIR_JSON, response.toString());
    assertThat(r.statusCode()).as(why + ": " + r.body()).isEqualTo(422);
    JsonNode outcome = AssessmentFixture.tree(r.body());
    List<String> errors = new ArrayList<>();
    outcome.path("issue").forEach(i -> {
      if ("error".equals(i.path("severity").asText())) {
        errors.add(i.path("diagnostics").asText());
      }
    });
    assertThat(errors).as(why).anySatisfy(d -> assertThat(d).contains(linkId));
    assertThat(f.search("QuestionnaireResponse?subject=" + f.patient + "&questionnaire="
        + AssessmentFixture.enc(AssessmentFixture.INSCHATTING))).as(why + ": nothing stored").isEmpty();
  }

  private ObjectNode assessment(AssessmentFixture f, String concern, Consumer<ObjectNode> change) {
    ObjectNode a = f.assessmentJson(concern);
    change.accept(a);
    return a;
  }

  @Test
  void invalidAssessmentsAreRefusedNamingTheItem() {
    AssessmentFixture f = fixture();
    String concern = f.concern();
    refused(f, assessment(f, concern, a -> removeItem(a, "tegensignalen")), "tegensignalen",
        "the counter-signals are required");
    refused(f, assessment(f, concern, a -> ((ObjectNode) item(a, "kans-ontsporing").path("answer").get(0))
        .removeAll().put("valueString", "matig")), "kans-ontsporing", "a coded answer given as text");
    refused(f, assessment(f, concern, a -> ((ObjectNode) item(a, "kwetsbaarheid").path("answer").get(0)
        .path("valueCoding")).put("code", "zeer-kwetsbaar").remove("display")), "kwetsbaarheid",
        "an answer outside the value set");
    refused(f, assessment(f, concern, a -> ((ArrayNode) item(a, "kans-ontsporing").path("answer"))
        .add(item(a, "kans-ontsporing").path("answer").get(0).deepCopy())), "kans-ontsporing",
        "two answers to a question that does not repeat");
    refused(f, assessment(f, concern, a -> ((ObjectNode) item(a, "aandachtspunt-drivers.antwoord").path("answer")
        .get(0).path("valueCoding")).put("code", "no").remove("display")), "drijfveren",
        "drivers answered while the drivers attention point is answered 'no' (disabled item)");
    refused(f, assessment(f, concern, a -> removeItem(a, "aandachtspunt-feels-superior")),
        "aandachtspunt-feels-superior", "every attention point is required");
    refused(f, assessment(f, concern, a -> ((ObjectNode) item(a, "overleg.datum").path("answer").get(0))
        .removeAll().put("valueString", "vorige week")), "overleg.datum", "the deliberation date as text");
  }

  @Test
  void invalidConcernsAreRefusedNamingTheItem() {
    AssessmentFixture f = fixture();
    ObjectNode concern = f.concernJson();
    ((ObjectNode) item(concern, "intern-besproken").path("answer").get(0)).put("valueBoolean", false);
    HttpResponse<String> r = http().post("/fhir/QuestionnaireResponse", FHIR_JSON, concern.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("reden-niet-intern");
    ObjectNode setting = f.concernJson();
    ((ObjectNode) item(setting, "gespreksvorm").path("answer").get(0).path("valueCoding")).put("code", "telefonisch");
    HttpResponse<String> r2 = http().post("/fhir/QuestionnaireResponse", FHIR_JSON, setting.toString());
    assertThat(r2.statusCode()).as(r2.body()).isEqualTo(422);
    assertThat(r2.body()).contains("gespreksvorm");
    assertThat(f.search("QuestionnaireResponse?subject=" + f.patient)).isEmpty();
  }

  @Test
  void aResponseThatIsNotJsonOfAQuestionnaireResponseIsA4xxNotA500() {
    HttpResponse<String> r = http().post("/fhir/QuestionnaireResponse", FHIR_JSON, "{\"resourceType\":"
        + "\"QuestionnaireResponse\",\"status\":\"completed\",\"item\":[{\"linkId\":1}]");
    assertThat(r.statusCode()).isBetween(400, 499);
    HttpResponse<String> extract = http().get("/fhir/QuestionnaireResponse/does-not-exist/$extract");
    assertThat(extract.statusCode()).isEqualTo(404);
  }

  private static void removeItem(JsonNode node, String linkId) {
    for (JsonNode item : node.path("item")) {
      if (linkId.equals(item.path("linkId").asText())) {
        ((ArrayNode) node.path("item")).remove(indexOf(node.path("item"), item));
        return;
      }
      removeItem(item, linkId);
    }
  }

  private static int indexOf(JsonNode array, JsonNode element) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) == element) {
        return i;
      }
    }
    return -1;
  }
}
