package nl.sluis.disclosure;

import static nl.sluis.disclosure.DisclosureFixture.GP_URA;
import static nl.sluis.disclosure.DisclosureFixture.STRANGER_URA;
import static nl.sluis.disclosure.DisclosureFixture.classes;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record is client data however it names its client (literal reference at any element, BSN, identifier typed
 * Patient, contained Patient): requesters without a ground for that client see it exactly as a missing record;
 * a record whose client cannot be established is refused on write, and served to no restricted requester.
 */
class ClientAttributionHttpTest extends PostgresServerTest {

  private static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";
  private String bsn;
  private DisclosureFixture fixture;
  private FhirHttp stranger;
  private FhirHttp gp;

  @BeforeEach
  void setUp() {
    bsn = Bsns.random();
    fixture = new DisclosureFixture(http(), bsn);
    stranger = anonymous().withToken(DisclosureFixture.strangerToken());
    gp = anonymous().withToken(TestTokens.token(GP_URA, "uzi-900000015", "01.015", "TREAT", "system/*.rs", null));
  }

  private String observation(String subject) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"logisch\"},"
        + subject + ",\"valueString\":\"" + fixture.marker + "\"}";
  }

  private static String bsnReference(String value) {
    return "{\"identifier\":{\"system\":\"" + BSN_SYSTEM + "\",\"value\":\"" + value + "\"}}";
  }

  private void assertLikeMissing(FhirHttp requester, String type, String id) {
    HttpResponse<String> hidden = requester.get("/fhir/" + type + "/" + id);
    HttpResponse<String> missing = requester.get("/fhir/" + type + "/bestaat-niet");
    assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(404);
    assertThat(hidden.body().replace(id, "ID")).isEqualTo(missing.body().replace("bestaat-niet", "ID"));
  }

  @Test
  void aClientNamedOnlyByBsnIsResolvedOnWriteAndItsRecordIsClientData() {
    String id = fixture.create("/fhir/Observation", observation("\"subject\":" + bsnReference(bsn)));

    assertThat(http().get("/fhir/Observation/" + id).body())
        .contains("\"reference\":\"Patient/" + fixture.patient + "\"");
    assertLikeMissing(stranger, "Observation", id);
    assertThat(http().get("/fhir/Observation?subject=Patient/" + fixture.patient).body()).contains("Observation/" + id);
    assertThat(stranger.get("/fhir/Observation?subject=Patient/" + fixture.patient).body()).doesNotContain(id);
    fixture.consent = fixture.create("/fhir/Consent", fixture.consentForGp("active", classes("Observation")));
    assertThat(gp.get("/fhir/Observation/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void aPatientTypedIdentifierAndAContainedPatientAreTheClientToo() {
    String typed = fixture.create("/fhir/Observation", observation("\"subject\":{\"type\":\"Patient\","
        + "\"identifier\":{\"system\":\"" + BSN_SYSTEM + "\",\"value\":\"" + bsn + "\"}}"));
    assertLikeMissing(stranger, "Observation", typed);
    String contained = fixture.create("/fhir/Observation", "{\"resourceType\":\"Observation\",\"contained\":[{"
        + "\"resourceType\":\"Patient\",\"id\":\"p\",\"identifier\":[{\"system\":\"" + BSN_SYSTEM + "\",\"value\":\""
        + bsn + "\"}]}],\"status\":\"final\",\"code\":{\"text\":\"bevat\"},\"subject\":{\"reference\":\"#p\"}}");
    assertLikeMissing(stranger, "Observation", contained);
    fixture.consent = fixture.create("/fhir/Consent", fixture.consentForGp("active", classes("Observation")));
    assertThat(gp.get("/fhir/Observation/" + contained).statusCode()).isEqualTo(200);
  }

  @Test
  void aClientNamedAtAnyElementCounts() {
    String focus = fixture.create("/fhir/Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\","
        + "\"code\":{\"text\":\"focus\"},\"focus\":[{\"reference\":\"Patient/" + fixture.patient + "\"}]}");
    assertLikeMissing(stranger, "Observation", focus);
    String task = fixture.create("/fhir/Task", "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":"
        + "\"order\",\"for\":{\"reference\":\"Patient/" + fixture.patient + "\"}}");
    assertLikeMissing(stranger, "Task", task);
  }

  @Test
  void aClientThatCannotBeEstablishedIsRefusedOnWrite() {
    String unknown = Bsns.random();
    assertUnprocessable(http().post("/fhir/Observation", FHIR_JSON, observation("\"subject\":" + bsnReference(unknown))));
    assertUnprocessable(http().post("/fhir/Observation", FHIR_JSON,
        observation("\"subject\":{\"type\":\"Patient\",\"display\":\"J. Jansen\"}")));
    assertUnprocessable(http().post("/fhir/Observation", FHIR_JSON, "{\"resourceType\":\"Observation\",\"contained\":[{"
        + "\"resourceType\":\"Patient\",\"id\":\"p\",\"name\":[{\"family\":\"Onbekend\"}]}],\"status\":\"final\","
        + "\"code\":{\"text\":\"bevat\"},\"subject\":{\"reference\":\"#p\"}}"));
    assertThat(http().get("/fhir/Observation?value-string=" + fixture.marker).body())
        .as("nothing stored").contains("\"type\":\"searchset\"").doesNotContain("\"entry\"");
  }

  private static void assertUnprocessable(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(response.body()).contains("cannot be established");
  }

  @Test
  void aRecordAboutNoKnownClientIsServedToNoRestrictedRequester() {
    // a local record number, not a BSN and not typed: the server cannot tell whose record this is
    String unattributed = fixture.create("/fhir/Observation", observation(
        "\"subject\":{\"identifier\":{\"system\":\"urn:oid:2.16.840.1.113883.2.4.3.11.999\",\"value\":\"4711\"}}"));
    assertLikeMissing(stranger, "Observation", unattributed);
    assertLikeMissing(anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000021", "behandelaar",
        "TREAT", "user/*.rs", null)), "Observation", unattributed);
    assertThat(http().get("/fhir/Observation/" + unattributed).statusCode()).as("trusted systems see all").isEqualTo(200);
  }

  @Test
  void aRestrictedWriterCannotTellAHiddenClientsBsnFromAnUnknownOne() {
    FhirHttp outsideCareTeam = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000022",
        "behandelaar", "TREAT", "user/*.cruds", null));
    String unknown = Bsns.random();
    HttpResponse<String> hidden = outsideCareTeam.post("/fhir/Observation", FHIR_JSON,
        observation("\"subject\":" + bsnReference(bsn)));
    HttpResponse<String> missing = outsideCareTeam.post("/fhir/Observation", FHIR_JSON,
        observation("\"subject\":" + bsnReference(unknown)));
    assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(422);
    assertThat(hidden.body()).isEqualTo(missing.body()).doesNotContain(fixture.patient);
  }

  @Test
  void aPatientIsItsOwnClient() {
    // the client's own record is attributed to itself, whatever it references
    HttpResponse<String> patient = http().post("/fhir/Patient", FHIR_JSON, DisclosureFixture.patient(Bsns.random(),
        "Zelf" + fixture.marker, LocalDate.now().minusYears(40)));
    assertThat(patient.statusCode()).isEqualTo(201);
    assertLikeMissing(stranger, "Patient", FhirHttp.idFromLocation(patient));
  }
}
