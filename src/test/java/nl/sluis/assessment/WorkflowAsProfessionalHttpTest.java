package nl.sluis.assessment;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The workflow of docs/assessment-workflow.md as a professional's app runs it: a psychiatrist in the client's care
 * team fetches the Questionnaires, submits a concern and an assessment, and reads the findings back; a
 * psychiatrist outside the care team sees neither the assessment nor its findings (very restricted data).
 */
class WorkflowAsProfessionalHttpTest extends PostgresServerTest {

  private FhirHttp professional(String practitioner) {
    return http().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-" + practitioner, "01.035", "TREAT",
        "user/*.cruds", "Practitioner/" + practitioner));
  }

  @Test
  void aCareTeamMemberSubmitsAndReadsBackAndAnOutsiderSeesNothing() {
    AssessmentFixture f = new AssessmentFixture(http(), LocalDate.now().minusYears(17));
    f.create("/fhir/CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":\""
        + f.patient + "\"},\"participant\":[{\"member\":{\"reference\":\"" + AssessmentFixture.AUTHOR + "\"}}]}");
    FhirHttp psychiatrist = professional("psychiater-01");

    HttpResponse<String> questionnaire = psychiatrist.get("/fhir/Questionnaire?url="
        + AssessmentFixture.enc(AssessmentFixture.INSCHATTING));
    assertThat(questionnaire.statusCode()).as(questionnaire.body()).isEqualTo(200);
    assertThat(AssessmentFixture.tree(questionnaire.body()).path("entry")).hasSize(1);

    HttpResponse<String> concern = psychiatrist.post("/fhir/QuestionnaireResponse", FHIR_JSON,
        f.concernJson().toString());
    assertThat(concern.statusCode()).as(concern.body()).isEqualTo(201);
    String concernRef = "QuestionnaireResponse/" + FhirHttp.idFromLocation(concern);
    HttpResponse<String> assessment = psychiatrist.post("/fhir/QuestionnaireResponse", FHIR_JSON,
        f.assessmentJson(concernRef).toString());
    assertThat(assessment.statusCode()).as(assessment.body()).isEqualTo(201);
    String assessmentRef = "QuestionnaireResponse/" + FhirHttp.idFromLocation(assessment);

    HttpResponse<String> findings = psychiatrist.get("/fhir/Observation?subject=" + f.patient + "&code="
        + AssessmentFixture.enc(AssessmentFixture.FINDING + "|derailment-likelihood") + "&_sort=-date");
    assertThat(findings.statusCode()).as(findings.body()).isEqualTo(200);
    List<JsonNode> entries = List.copyOf(toList(AssessmentFixture.tree(findings.body()).path("entry")));
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).path("resource").path("derivedFrom").path(0).path("reference").asText())
        .isEqualTo(assessmentRef);

    FhirHttp outsider = professional("psychiater-elders");
    HttpResponse<String> hidden = outsider.get("/fhir/Observation?derived-from=" + assessmentRef);
    assertThat(hidden.statusCode()).isEqualTo(200);
    assertThat(AssessmentFixture.tree(hidden.body()).path("entry")).isEmpty();
    assertThat(outsider.get("/fhir/" + assessmentRef).statusCode()).isEqualTo(404);

    // $extract and the anonymised summary: the care team member gets them, the colleague elsewhere
    // gets exactly what a missing response gives
    HttpResponse<String> extracted = psychiatrist.get("/fhir/" + assessmentRef + "/$extract");
    assertThat(extracted.statusCode()).as(extracted.body()).isEqualTo(200);
    assertThat(extracted.body()).contains("\"derivedFrom\"");
    assertThat(psychiatrist.get("/fhir/" + assessmentRef + "/$anonymised-summary").statusCode()).isEqualTo(200);
    String hiddenId = assessmentRef.substring(assessmentRef.indexOf('/') + 1);
    HttpResponse<String> hiddenExtract = outsider.get("/fhir/" + assessmentRef + "/$extract");
    HttpResponse<String> missingExtract = outsider.get("/fhir/QuestionnaireResponse/999999999/$extract");
    assertThat(hiddenExtract.statusCode()).isEqualTo(404).isEqualTo(missingExtract.statusCode());
    assertThat(hiddenExtract.body().replace(hiddenId, "ID")).isEqualTo(missingExtract.body().replace("999999999", "ID"));
    assertThat(outsider.get("/fhir/" + assessmentRef + "/$anonymised-summary").statusCode()).isEqualTo(404);
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
