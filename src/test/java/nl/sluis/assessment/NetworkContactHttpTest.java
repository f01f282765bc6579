package nl.sluis.assessment;

import static nl.sluis.assessment.AssessmentFixture.AUTHOR;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;

/**
 * Talking with the client's parents or network about a client aged 16 or over <b>on the day of the talk</b> needs
 * the client's own active consent naming that person; the client informed of whom was approached.
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
}
