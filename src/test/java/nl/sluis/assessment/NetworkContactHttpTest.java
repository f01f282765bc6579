package nl.sluis.assessment;

import static nl.sluis.assessment.AssessmentFixture.AUTHOR;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Talking with the client's parents or network about a client aged 16 or over <b>on the day of the talk</b> needs
 * the client's own active consent naming that person; the client informed of whom was approached, and the
 * inform-the-client task that a contact or a legal ground creates, completes or closes.
 */
class NetworkContactHttpTest extends PostgresServerTest {

  /** A client who turns 16 today, and a talk with the mother on {@code sent}. */
  private static String contact(AssessmentFixture f, String sent) {
    return "{\"resourceType\":\"Communication\",\"status\":\"completed\",\"category\":[{\"coding\":[{\"system\":"
        + "\"http://sluis.nl/fhir/CodeSystem/communication-category\",\"code\":\"network-contact\"}]}],"
        + "\"subject\":{\"reference\":\"" + f.patient + "\"},\"sent\":\"" + sent + "\","
        + "\"recipient\":[{\"reference\":\"" + f.mother + "\"}],\"sender\":{\"reference\":\"" + AUTHOR + "\"},"
        + "\"payload\":[{\"contentString\":\"Gesproken over school en thuis.\"}]}";
  }

  private static String consent(AssessmentFixture f, String performer, String recipient, LocalDate start,
      String status) {
    return "{\"resourceType\":\"Consent\",\"status\":\"" + status + "\","
        + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
        + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"64292-6\"}]},"
        + "{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/consent-category\",\"code\":\"client-consent\"}]}],"
        + "\"patient\":{\"reference\":\"" + f.patient + "\"},\"dateTime\":\"" + start + "\","
        + "\"performer\":[{\"reference\":\"" + performer + "\"}],"
        + "\"policyRule\":{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/legal-ground\",\"code\":\"consent\"}]},"
        + "\"provision\":{\"type\":\"permit\",\"period\":{\"start\":\"" + start + "\"},"
        + "\"actor\":[{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},"
        + "\"reference\":{\"reference\":\"" + recipient + "\"}}],"
        + "\"action\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentaction\",\"code\":\"disclose\"}]}],"
        + "\"purpose\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"TREAT\"}]}}";
  }

  /** Today where the server counts ages (sluis.disclosure.time-zone). */
  static LocalDate today() {
    return LocalDate.now(ZoneId.of("Europe/Amsterdam"));
  }

  private AssessmentFixture sixteenToday() {
    return new AssessmentFixture(http(), today().minusYears(16));
  }

  @Test
  void theDayBeforeThe16thBirthdayNoConsentIsNeeded() {
    AssessmentFixture f = sixteenToday();
    HttpResponse<String> r = http().post("/fhir/Communication", FHIR_JSON,
        contact(f, today().minusDays(1).toString()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  @Test
  void onThe16thBirthdayWithoutConsentTheContactIsRefused() {
    AssessmentFixture f = sixteenToday();
    HttpResponse<String> r = http().post("/fhir/Communication", FHIR_JSON, contact(f, today().toString()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("16 or over").contains("consent of the client").contains(f.mother);
    assertThat(f.search("Communication?subject=" + f.patient)).isEmpty();
  }

  @Test
  void theDayOfTheContactCountsInAmsterdamTime() {
    AssessmentFixture f = sixteenToday();
    // 23:30 UTC yesterday is 00:30 or 01:30 today in Amsterdam: the 16th birthday
    HttpResponse<String> r = http().post("/fhir/Communication", FHIR_JSON,
        contact(f, today().minusDays(1) + "T23:30:00Z"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    HttpResponse<String> before = http().post("/fhir/Communication", FHIR_JSON,
        contact(f, today().minusDays(1) + "T20:00:00Z"));
    assertThat(before.statusCode()).as(before.body()).isEqualTo(201);
  }

  @Test
  void onThe16thBirthdayTheClientsOwnActiveConsentNamingThePersonAllowsIt() {
    AssessmentFixture f = sixteenToday();
    f.create("/fhir/Consent", consent(f, f.patient, f.mother, today().minusDays(2), "active"));
    HttpResponse<String> r = http().post("/fhir/Communication", FHIR_JSON, contact(f, today().toString()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  @Test
  void aParentsConsentAnInactiveConsentOrOneForSomeoneElseDoesNotCount() {
    AssessmentFixture f = sixteenToday();
    f.create("/fhir/Consent", consent(f, f.mother, f.mother, today().minusDays(2), "active"));
    f.create("/fhir/Consent", consent(f, f.patient, f.mother, today().minusDays(2), "inactive"));
    f.create("/fhir/Consent", consent(f, f.patient, AUTHOR, today().minusDays(2), "active"));
    f.create("/fhir/Consent", consent(f, f.patient, f.mother, today().plusDays(1), "active"));
    HttpResponse<String> r = http().post("/fhir/Communication", FHIR_JSON, contact(f, today().toString()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
  }

  @Test
  void aContactWithoutADayIsRefusedWithAClearMessage() {
    AssessmentFixture f = sixteenToday();
    HttpResponse<String> r = http().post("/fhir/Communication", FHIR_JSON,
        contact(f, String.valueOf(today().getYear())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("day of the talk");
  }

  @Test
  void theClientIsInformedWhomWasApproached() {
    AssessmentFixture f = sixteenToday();
    String informed = "{\"resourceType\":\"Communication\",\"status\":\"completed\","
        + "\"subject\":{\"reference\":\"" + f.patient + "\"},\"about\":[{\"reference\":\"" + f.mother + "\"}],"
        + "\"sent\":\"" + today() + "\",\"recipient\":[{\"reference\":\"" + f.patient + "\"}],"
        + "\"sender\":{\"reference\":\"" + AUTHOR + "\"}}";
    assertThat(http().post("/fhir/Communication", FHIR_JSON, informed).statusCode()).isEqualTo(201);
    String withoutWhom = informed.replace(",\"about\":[{\"reference\":\"" + f.mother + "\"}]", "");
    HttpResponse<String> refused = http().post("/fhir/Communication", FHIR_JSON, withoutWhom);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("sluis-ci-2");
    assertThat(f.search("Communication?about=" + f.mother)).hasSize(1);
  }

  private static final String TASK_CODE = "http://sluis.nl/fhir/CodeSystem/task-type%7Cinform-client";

  private static String informed(AssessmentFixture f, String extra) {
    return "{\"resourceType\":\"Communication\",\"status\":\"completed\","
        + "\"subject\":{\"reference\":\"" + f.patient + "\"},\"about\":[{\"reference\":\"" + f.mother + "\"}],"
        + "\"sent\":\"" + today() + "\",\"recipient\":[{\"reference\":\"" + f.patient + "\"}],"
        + "\"sender\":{\"reference\":\"" + AUTHOR + "\"}" + extra + "}";
  }

  @Test
  void aNetworkContactCreatesOneInformTheClientTaskThatAClientInformedCommunicationCompletes() {
    AssessmentFixture f = new AssessmentFixture(http(), today().minusYears(14));
    String contact = "Communication/" + f.create("/fhir/Communication", contact(f, today().minusDays(1).toString()));
    java.util.List<JsonNode> tasks = f.search("Task?focus=" + contact);
    assertThat(tasks).hasSize(1);
    JsonNode task = tasks.get(0);
    assertThat(task.path("status").asText()).isEqualTo("requested");
    assertThat(task.path("intent").asText()).isEqualTo("order");
    assertThat(task.path("code").path("coding").path(0).path("code").asText()).isEqualTo("inform-client");
    assertThat(task.path("description").asText()).startsWith("Cliënt informeren over het gesprek met ouders");
    assertThat(task.path("for").path("reference").asText()).isEqualTo(f.patient);
    assertThat(task.path("owner").path("reference").asText()).isEqualTo(AUTHOR);
    assertThat(task.path("restriction").path("period").path("end").asText())
        .as("due P7D after the day of the talk").isEqualTo(today().plusDays(6).toString());
    String taskId = "Task/" + task.path("id").asText();

    // an update of the contact makes no second task
    ObjectNode stored = (ObjectNode) AssessmentFixture.tree(http().get("/fhir/" + contact).body());
    stored.putArray("note").addObject().put("text", "aangevuld");
    assertThat(http().put("/fhir/" + contact, FHIR_JSON, stored.toString()).statusCode()).isEqualTo(200);
    assertThat(f.search("Task?focus=" + contact)).hasSize(1);

    // open tasks per professional and per care team (the team's client)
    assertThat(f.search("Task?owner=" + AUTHOR + "&status=requested&code=" + TASK_CODE))
        .anySatisfy(t -> assertThat("Task/" + t.path("id").asText()).isEqualTo(taskId));
    assertThat(f.search("Task?patient=" + f.patient + "&status=requested&code=" + TASK_CODE)).hasSize(1);

    // the task is client data: an outside organisation does not see it, a need-to-know professional does
    FhirHttp outsider = anonymous().withToken(TestTokens.external("TREAT", "system/*.rs"));
    assertThat(outsider.get("/fhir/" + taskId).statusCode()).isEqualTo(404);
    FhirHttp psychiatrist = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000001", "01.035",
        "TREAT", "user/*.rs", "Practitioner/psychiater-01"));
    HttpResponse<String> own = psychiatrist.get("/fhir/Task?owner=" + AUTHOR + "&status=requested&patient=" + f.patient);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(own.body()).contains(task.path("id").asText());

    // a client-informed Communication based on the task completes it, in the same transaction
    String done = "Communication/" + f.create("/fhir/Communication",
        informed(f, ",\"basedOn\":[{\"reference\":\"" + taskId + "\"}]"));
    JsonNode completed = AssessmentFixture.tree(http().get("/fhir/" + taskId).body());
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    assertThat(completed.path("output").path(0).path("valueReference").path("reference").asText()).isEqualTo(done);
    assertThat(f.search("Task?owner=" + AUTHOR + "&status=requested&patient=" + f.patient)).isEmpty();
  }

  @Test
  void aTaskIsClosedOnlyWithAReasonAndCompletedOnlyByTheClientsOwnInformedCommunication() {
    AssessmentFixture f = new AssessmentFixture(http(), today().minusYears(14));
    String contact = "Communication/" + f.create("/fhir/Communication", contact(f, today().toString()));
    ObjectNode task = (ObjectNode) f.search("Task?focus=" + contact).get(0);
    String taskId = "Task/" + task.path("id").asText();

    AssessmentFixture other = new AssessmentFixture(http(), today().minusYears(14));
    HttpResponse<String> wrongClient = http().post("/fhir/Communication", FHIR_JSON,
        informed(other, ",\"basedOn\":[{\"reference\":\"" + taskId + "\"}]"));
    assertThat(wrongClient.statusCode()).as(wrongClient.body()).isEqualTo(422);
    assertThat(wrongClient.body()).contains("not an inform-the-client task").contains("of this client");

    task.put("status", "completed");
    HttpResponse<String> completedByHand = http().put("/fhir/" + taskId, FHIR_JSON, task.toString());
    assertThat(completedByHand.statusCode()).as(completedByHand.body()).isEqualTo(422);
    assertThat(completedByHand.body()).contains("sluis-ic-2");

    task.put("status", "cancelled");
    HttpResponse<String> withoutReason = http().put("/fhir/" + taskId, FHIR_JSON, task.toString());
    assertThat(withoutReason.statusCode()).as(withoutReason.body()).isEqualTo(422);
    assertThat(withoutReason.body()).contains("sluis-ic-1");
    task.putObject("statusReason").put("text", "De moeder vreest geweld als de cliënt hoort dat zij is benaderd.")
        .putArray("coding").addObject().put("system", "http://sluis.nl/fhir/CodeSystem/inform-client-not-done-reason")
        .put("code", "endangers-others");
    HttpResponse<String> closed = http().put("/fhir/" + taskId, FHIR_JSON, task.toString());
    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
    assertThat(f.search("Task?patient=" + f.patient + "&status=requested")).isEmpty();
  }

  @Test
  void aLegalGroundBecomingActiveCreatesTheTaskForTheProfessionalWhoRecordedIt() {
    AssessmentFixture f = new AssessmentFixture(http(), today().minusYears(17));
    for (String file : java.util.List.of("Organization-veilig-thuis-utrecht.json")) {
      JsonNode resource = AssessmentFixture.read(file);
      assertThat(http().put("/fhir/Organization/" + resource.path("id").asText(), FHIR_JSON, resource.toString())
          .statusCode()).isIn(200, 201);
    }
    String assessment = "QuestionnaireResponse/" + f.create("/fhir/QuestionnaireResponse",
        f.assessmentJson(f.concern()).toString());
    // the ground rests on its weighing (issue 17 item 2): the example's, about this client and assessment
    String weighing = "QuestionnaireResponse/" + f.create("/fhir/QuestionnaireResponse",
        f.rewrite(AssessmentFixture.read("QuestionnaireResponse-afweging-01.json"), null)
            .replace("QuestionnaireResponse/inschatting-01", assessment));
    ObjectNode ground = (ObjectNode) AssessmentFixture.tree(f.rewrite(AssessmentFixture.read("Consent-grondslag-01.json"),
        null).replace("QuestionnaireResponse/afweging-01", weighing)
        .replace("QuestionnaireResponse/inschatting-01", assessment));
    ground.put("status", "draft");
    String consent = "Consent/" + f.create("/fhir/Consent", ground.toString());
    assertThat(f.search("Task?focus=" + consent)).as("a draft ground decides nothing yet").isEmpty();

    ground.put("id", consent.substring("Consent/".length())).put("status", "active");
    HttpResponse<String> active = http().put("/fhir/" + consent, FHIR_JSON, ground.toString());
    assertThat(active.statusCode()).as(active.body()).isEqualTo(200);
    java.util.List<JsonNode> tasks = f.search("Task?focus=" + consent);
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).path("owner").path("reference").asText()).isEqualTo(AUTHOR);
    assertThat(tasks.get(0).path("description").asText())
        .isEqualTo("Cliënt informeren over de verstrekking zonder toestemming op grond van wettelijk meldrecht"
            + " aan Veilig Thuis Utrecht");
    assertThat(tasks.get(0).path("restriction").path("period").path("end").asText()).isEqualTo("2026-11-29");
    assertThat(http().put("/fhir/" + consent, FHIR_JSON, ground.put("status", "active").toString()).statusCode())
        .isEqualTo(200);
    assertThat(f.search("Task?focus=" + consent)).as("one task per ground").hasSize(1);
  }

  @Test
  void aCareTeamProfessionalsContactGetsItsTaskAndTheProfessionalFindsIt() {
    AssessmentFixture f = new AssessmentFixture(http(), today().minusYears(14));
    f.create("/fhir/CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":\""
        + f.patient + "\"},\"participant\":[{\"member\":{\"reference\":\"" + AUTHOR + "\"}}]}");
    FhirHttp psychiatrist = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-psychiater-01", "01.035",
        "TREAT", "user/*.cruds", "Practitioner/psychiater-01"));
    String veryRestricted = contact(f, today().toString()).replace("\"status\":\"completed\"", "\"meta\":{\"security\":"
        + "[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},"
        + "\"status\":\"completed\"");
    HttpResponse<String> written = psychiatrist.post("/fhir/Communication", FHIR_JSON, veryRestricted);
    assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
    String contact = "Communication/" + FhirHttp.idFromLocation(written);
    HttpResponse<String> mine = psychiatrist.get("/fhir/Task?owner=" + AUTHOR + "&status=requested&focus=" + contact);
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
    JsonNode task = AssessmentFixture.tree(mine.body()).path("entry").path(0).path("resource");
    assertThat(task.path("focus").path("reference").asText()).isEqualTo(contact);
    assertThat(task.path("meta").path("security").toString()).as("as confidential as the contact").contains("\"V\"");
    // a colleague outside the care team does not see the very restricted task
    FhirHttp colleague = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000037", "01.035",
        "TREAT", "user/*.rs", null));
    assertThat(colleague.get("/fhir/Task/" + task.path("id").asText()).statusCode()).isEqualTo(404);
  }

  @Test
  void aContactMarkedEnteredInErrorCancelsItsOpenTaskSayingWhy() {
    AssessmentFixture f = new AssessmentFixture(http(), today().minusYears(14));
    String contact = "Communication/" + f.create("/fhir/Communication", contact(f, today().toString()));
    ObjectNode stored = (ObjectNode) AssessmentFixture.tree(http().get("/fhir/" + contact).body());
    stored.put("status", "entered-in-error");
    assertThat(http().put("/fhir/" + contact, FHIR_JSON, stored.toString()).statusCode()).isEqualTo(200);
    JsonNode task = f.search("Task?focus=" + contact).get(0);
    assertThat(task.path("status").asText()).isEqualTo("cancelled");
    assertThat(task.path("statusReason").path("coding").path(0).path("code").asText()).isEqualTo("recorded-in-error");
    assertThat(task.path("statusReason").path("text").asText()).isNotBlank();
  }
}
