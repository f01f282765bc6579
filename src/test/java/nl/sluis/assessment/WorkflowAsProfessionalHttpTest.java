package nl.sluis.assessment;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

  private static String parameters(String adviceBody, String question, String municipality) {
    StringBuilder body = new StringBuilder("{\"resourceType\":\"Parameters\",\"parameter\":[");
    body.append("{\"name\":\"adviceBody\",\"valueCoding\":{\"system\":\"http://sluis.nl/fhir/CodeSystem/"
        + "consultation-partner\",\"code\":\"").append(adviceBody).append("\"}}");
    if (question != null) {
      body.append(",{\"name\":\"question\",\"valueString\":").append(AssessmentFixture.JSON.valueToTree(question).toString())
          .append('}');
    }
    if (municipality != null) {
      body.append(",{\"name\":\"municipality\",\"valueReference\":{\"reference\":\"").append(municipality)
          .append("\"}}");
    }
    return body.append("]}").toString();
  }

  /** Every free-text answer of a response (valueString), of some length: none may leave in an advice request. */
  private static List<String> freeText(JsonNode node, List<String> out) {
    node.fields().forEachRemaining(field -> {
      if (field.getKey().equals("valueString") && field.getValue().asText().length() >= 8) {
        out.add(field.getValue().asText());
      }
      if (field.getValue().isContainerNode()) {
        freeText(field.getValue(), out);
      }
    });
    if (node.isArray()) {
      node.forEach(element -> freeText(element, out));
    }
    return out;
  }

  @Test
  void anAdviceRequestWithoutTheNameIsRecordedAuditedAndCarriesNothingThatIdentifiesTheClient() {
    AssessmentFixture f = new AssessmentFixture(http(), LocalDate.of(2009, 3, 14));
    String bsn = nl.sluis.testsupport.Bsns.random();
    String patientId = f.patient.substring("Patient/".length());
    HttpResponse<String> identified = http().put("/fhir/" + f.patient, FHIR_JSON, "{\"resourceType\":\"Patient\","
        + "\"id\":\"" + patientId + "\",\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\","
        + "\"value\":\"" + bsn + "\"}],\"name\":[{\"use\":\"official\",\"family\":\"" + f.marker + "\","
        + "\"given\":[\"Sannewiet\",\"Marijkelot\"]}],\"birthDate\":\"2009-03-14\",\"address\":[{\"line\":"
        + "[\"Kerkstraatlaan 117\"],\"postalCode\":\"3511 QZ\",\"city\":\"Utrecht\"}]}");
    assertThat(identified.statusCode()).as(identified.body()).isEqualTo(200);
    f.create("/fhir/CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":\""
        + f.patient + "\"},\"participant\":[{\"member\":{\"reference\":\"" + AssessmentFixture.AUTHOR + "\"}}]}");
    JsonNode org = AssessmentFixture.read("Organization-gemeente-utrecht.json");
    assertThat(http().put("/fhir/Organization/gemeente-utrecht", FHIR_JSON, org.toString()).statusCode()).isIn(200, 201);
    FhirHttp psychiatrist = professional("psychiater-01");
    JsonNode submitted = f.assessmentJson(f.concern());
    HttpResponse<String> assessment = psychiatrist.post("/fhir/QuestionnaireResponse", FHIR_JSON, submitted.toString());
    assertThat(assessment.statusCode()).as(assessment.body()).isEqualTo(201);
    String responseId = FhirHttp.idFromLocation(assessment);
    String operation = "/fhir/QuestionnaireResponse/" + responseId + "/$request-advice";

    HttpResponse<String> asked = psychiatrist.post(operation, FHIR_JSON, parameters("platform-jep",
        "Hoe kunnen wij een jongere van deze leeftijd het beste blijven ondersteunen?", null));
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
    JsonNode answer = AssessmentFixture.tree(asked.body());
    String communication = answer.path("parameter").path(0).path("valueReference").path("reference").asText();
    assertThat(communication).startsWith("Communication/");

    HttpResponse<String> read = psychiatrist.get("/fhir/" + communication);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonNode record = AssessmentFixture.tree(read.body());
    assertThat(record.path("subject").path("reference").asText()).as("internally about the client").isEqualTo(f.patient);
    assertThat(record.path("recipient").path(0).path("display").asText()).isEqualTo("Platform JEP");
    assertThat(record.path("category").path(0).path("coding").path(0).path("code").asText()).isEqualTo("advice-request");
    String sent = record.path("payload").toString() + new String(java.util.Base64.getDecoder().decode(
        record.path("payload").path(1).path("contentAttachment").path("data").asText()), StandardCharsets.UTF_8);
    assertThat(sent).contains("\"resourceType\":\"QuestionnaireResponse\"").contains("ANONY");
    for (String left : List.of(sent, asked.body())) {
      assertThat(left).doesNotContain(bsn).doesNotContain(f.marker).doesNotContain("Sannewiet")
          .doesNotContain("Marijkelot").doesNotContain("2009-03-14").doesNotContain("14-03-2009")
          .doesNotContain("Kerkstraatlaan").doesNotContain("3511").doesNotContain("\"Utrecht\"")
          .doesNotContain("/" + patientId + "\"").doesNotContain("\"" + patientId + "\"")
          .doesNotContain("/" + responseId + "\"").doesNotContain("\"" + responseId + "\"");
      assertThat(freeText(submitted, new java.util.ArrayList<>())).isNotEmpty()
          .allSatisfy(text -> assertThat(left).doesNotContain(text));
    }

    // the transfer is in the audit trail: the summary's very restricted records and the record of what was sent
    HttpResponse<String> audit = http().get("/fhir/AuditEvent?entity=" + communication
        + "&entity=QuestionnaireResponse/" + responseId);
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    JsonNode events = AssessmentFixture.tree(audit.body()).path("entry");
    assertThat(events).as(audit.body()).hasSize(1);
    assertThat(events.path(0).path("resource").toString()).contains("/$request-advice")
        .contains("\"subtype\":[{\"system\":\"http://hl7.org/fhir/restful-interaction\",\"code\":\"operation\"");

    // a municipality is chosen by its Organization; bad input is a 4xx saying what is wrong
    HttpResponse<String> municipality = psychiatrist.post(operation, FHIR_JSON, parameters("gemeente", null,
        "Organization/gemeente-utrecht"));
    assertThat(municipality.statusCode()).as(municipality.body()).isEqualTo(200);
    assertThat(municipality.body()).contains("Gemeente Utrecht");
    assertThat(psychiatrist.post(operation, FHIR_JSON, parameters("gemeente", null, null)).body())
        .contains("needs parameter municipality");
    HttpResponse<String> unknown = psychiatrist.post(operation, FHIR_JSON, parameters("politie", null, null));
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.body()).contains("Unknown advice body");
    HttpResponse<String> missing = psychiatrist.post(operation, FHIR_JSON, "{\"resourceType\":\"Parameters\"}");
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
    assertThat(missing.body()).contains("adviceBody is required");
    HttpResponse<String> tooLong = psychiatrist.post(operation, FHIR_JSON, parameters("platform-jep", "x".repeat(2001),
        null));
    assertThat(tooLong.statusCode()).isEqualTo(422);
    assertThat(tooLong.body()).contains("at most 2000");
    HttpResponse<String> naming = psychiatrist.post(operation, FHIR_JSON, parameters("platform-jep",
        "Wat te doen met sannewiet?", null));
    assertThat(naming.statusCode()).isEqualTo(422);
    assertThat(naming.body()).contains("names the client (name)").doesNotContain("annewiet");

    // outside the care team: exactly what a missing response gives
    FhirHttp outsider = professional("psychiater-elders");
    assertThat(outsider.post(operation, FHIR_JSON, parameters("platform-jep", null, null)).statusCode()).isEqualTo(404);
    assertThat(outsider.get("/fhir/" + communication).statusCode()).isEqualTo(404);
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
