package nl.sluis.assessment;

import static nl.sluis.assessment.AssessmentFixture.AUTHOR;
import static nl.sluis.assessment.AssessmentFixture.enc;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;

/**
 * Reading the workflow back: concerns and assessments of a client, an assessment by its concern, the latest
 * finding by code, and the open concerns of the clients of a care team (concern stage + search parameters).
 */
class ConcernSearchHttpTest extends PostgresServerTest {

  static final String OPEN = "registered,discussed-internally,in-assessment,consulted-externally,monitoring";

  private String careTeam(AssessmentFixture f) {
    return "CareTeam/" + f.create("/fhir/CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\","
        + "\"subject\":{\"reference\":\"" + f.patient + "\"},\"participant\":[{\"member\":{\"reference\":\""
        + AUTHOR + "\"}}]}");
  }

  private static String stage(JsonNode concern) {
    for (JsonNode e : concern.path("extension")) {
      if (ConcernStatusDefault.EXTENSION.equals(e.path("url").asText())) {
        return e.path("valueCoding").path("code").asText();
      }
    }
    return null;
  }

  @Test
  void aConcernStoredWithoutAStageIsRegistered() {
    AssessmentFixture f = new AssessmentFixture(http(), LocalDate.now().minusYears(20));
    String concern = f.concern();
    HttpResponse<String> read = http().get("/fhir/" + concern);
    assertThat(stage(AssessmentFixture.tree(read.body()))).isEqualTo("registered");

    // moved on, then updated by an app that leaves the stage out: the stage stays
    ObjectNode discussed = (ObjectNode) AssessmentFixture.tree(read.body());
    ((ObjectNode) discussed.path("extension").path(0).path("valueCoding")).put("code", "discussed-internally")
        .remove("display");
    assertThat(http().put("/fhir/" + concern, FHIR_JSON, discussed.toString()).statusCode()).isEqualTo(200);
    discussed.remove("extension");
    ((ObjectNode) discussed).put("status", "amended");
    assertThat(http().put("/fhir/" + concern, FHIR_JSON, discussed.toString()).statusCode()).isEqualTo(200);
    assertThat(stage(AssessmentFixture.tree(http().get("/fhir/" + concern).body()))).isEqualTo("discussed-internally");
  }

  @Test
  void theOpenConcernsOfTheClientsOfACareTeam() {
    AssessmentFixture f = new AssessmentFixture(http(), LocalDate.now().minusYears(20));
    AssessmentFixture other = new AssessmentFixture(http(), LocalDate.now().minusYears(30));
    String team = careTeam(f);
    careTeam(other);
    String open = f.concern();
    String closed = f.concern();
    other.concern();
    JsonNode closedConcern = AssessmentFixture.tree(http().get("/fhir/" + closed).body());
    ((ObjectNode) closedConcern.path("extension").path(0).path("valueCoding")).put("code", "closed-not-confirmed")
        .remove("display");
    assertThat(http().put("/fhir/" + closed, FHIR_JSON, closedConcern.toString()).statusCode()).isEqualTo(200);

    // step 1: the clients of the care team; step 2: their concerns that are not closed
    String client = AssessmentFixture.tree(http().get("/fhir/" + team).body()).path("subject").path("reference")
        .asText();
    List<JsonNode> found = f.search("QuestionnaireResponse?subject=" + client + "&questionnaire="
        + enc(AssessmentFixture.ZORGSIGNAAL) + "&concern-status=" + OPEN);
    assertThat(found).extracting(c -> "QuestionnaireResponse/" + c.path("id").asText()).containsExactly(open);

    // the same for a professional: the clients whose care teams they are in
    List<JsonNode> teams = f.search("CareTeam?participant=" + AUTHOR + "&subject=" + f.patient + "," + other.patient);
    assertThat(teams).hasSize(2);
    List<JsonNode> closedOnes = f.search("QuestionnaireResponse?subject=" + f.patient
        + "&concern-status=closed-not-confirmed,closed-handed-over");
    assertThat(closedOnes).extracting(c -> "QuestionnaireResponse/" + c.path("id").asText()).containsExactly(closed);
  }

  @Test
  void concernsAndAssessmentsOfAClientAndTheLatestFindingByCode() {
    AssessmentFixture f = new AssessmentFixture(http(), LocalDate.now().minusYears(20));
    String concern = f.concern();
    ObjectNode first = f.assessmentJson(concern);
    first.put("authored", "2026-10-01T10:00:00+02:00");
    ((ObjectNode) AssessmentFixture.item(first, "kans-ontsporing").path("answer").path(0).path("valueCoding"))
        .put("code", "low").remove("display");
    String firstId = "QuestionnaireResponse/" + f.create("/fhir/QuestionnaireResponse", first.toString());
    ObjectNode second = f.assessmentJson(concern);
    second.put("authored", "2026-11-20T10:00:00+01:00");
    ((ObjectNode) AssessmentFixture.item(second, "kans-ontsporing").path("answer").path(0).path("valueCoding"))
        .put("code", "high").remove("display");
    String secondId = "QuestionnaireResponse/" + f.create("/fhir/QuestionnaireResponse", second.toString());

    assertThat(f.search("QuestionnaireResponse?subject=" + f.patient + "&questionnaire="
        + enc(AssessmentFixture.ZORGSIGNAAL))).hasSize(1);
    assertThat(f.search("QuestionnaireResponse?subject=" + f.patient + "&questionnaire="
        + enc(AssessmentFixture.INSCHATTING))).hasSize(2);
    assertThat(f.search("QuestionnaireResponse?concern=" + concern))
        .extracting(r -> "QuestionnaireResponse/" + r.path("id").asText())
        .containsExactlyInAnyOrder(firstId, secondId);

    List<JsonNode> likelihoods = f.search("Observation?subject=" + f.patient + "&code="
        + enc(AssessmentFixture.FINDING + "|derailment-likelihood") + "&_sort=-date");
    assertThat(likelihoods).hasSize(2);
    assertThat(likelihoods.get(0).path("derivedFrom").path(0).path("reference").asText()).isEqualTo(secondId);
    assertThat(likelihoods.get(0).path("valueCodeableConcept").path("coding").path(0).path("code").asText())
        .isEqualTo("high");
    assertThat(f.search("Observation?subject=" + f.patient + "&component-code="
        + enc("http://sluis.nl/fhir/CodeSystem/attention-point|extreme-ideology"))).hasSize(2);
  }
}
