package nl.sluis.conformance;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;

/**
 * Every write is validated, also when the client declares no profile: the governed types get their profile
 * from their type (and content), on create, update, patch, conditional writes and in batches and transactions.
 */
class GovernedValidationHttpTest extends PostgresServerTest {

  static final String VALID_BSN = "999911120";

  static String patient(String family, String birthDate, String bsn) {
    return "{\"resourceType\":\"Patient\""
        + (bsn == null ? "" : ",\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\",\"value\":\"" + bsn + "\"}]")
        + ",\"name\":[{\"use\":\"official\",\"family\":\"" + family + "\"}]"
        + (birthDate == null ? "" : ",\"birthDate\":\"" + birthDate + "\"") + "}";
  }

  static String family() {
    return "Gov" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @Test
  void aPatientWithoutBirthDateIsRefusedWithoutDeclaringTheProfile() {
    HttpResponse<String> response = http().post("/fhir/Patient", FHIR_JSON, patient(family(), null, null));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(ExamplesHttpTest.issues(response.body())).anySatisfy(issue -> {
      assertThat(issue.path("severity").asText()).isEqualTo("error");
      assertThat(issue.path("diagnostics").asText()).contains("Patient.birthDate: minimum required = 1");
      assertThat(issue.path("expression").path(0).asText()).isEqualTo("Patient");
    });
  }

  @Test
  void aBsnFailingTheElevenProofIsRefused() {
    HttpResponse<String> response = http().post("/fhir/Patient", FHIR_JSON, patient(family(), "2009-05-17", "123456789"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(ExamplesHttpTest.issues(response.body())).anySatisfy(issue -> {
      assertThat(issue.path("diagnostics").asText()).contains("sluis-bsn-1");
      assertThat(issue.path("expression").path(0).asText()).isEqualTo("Patient.identifier[0]");
    });
    assertThat(http().post("/fhir/Patient", FHIR_JSON, patient(family(), "2009-05-17", VALID_BSN)).statusCode())
        .isEqualTo(201);
  }

  @Test
  void everyIssueIsListedWithItsLocation() {
    String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\","
        + "\"value\":\"123456789\"}],\"name\":[{\"use\":\"official\",\"family\":\"" + family() + "\"}]}";
    HttpResponse<String> response = http().post("/fhir/Patient", FHIR_JSON, body);
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(ExamplesHttpTest.issues(response.body()))
        .filteredOn(issue -> issue.path("severity").asText().equals("error"))
        .extracting(issue -> issue.path("expression").path(0).asText())
        .contains("Patient", "Patient.identifier[0]");
  }

  @Test
  void anUpdateIsValidatedToo() {
    String id = FhirHttp.idFromLocation(http().post("/fhir/Patient", FHIR_JSON, patient(family(), "2009-05-17", null)));
    String invalid = patient(family(), null, null).replace("{\"resourceType\":\"Patient\"",
        "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"");
    assertThat(http().put("/fhir/Patient/" + id, FHIR_JSON, invalid).statusCode()).isEqualTo(422);
  }

  @Test
  void aPatchThatMakesAPatientInvalidIsRefusedAndNothingChanges() {
    String id = FhirHttp.idFromLocation(http().post("/fhir/Patient", FHIR_JSON, patient(family(), "2009-05-17", null)));
    HttpResponse<String> patched = http().method("PATCH", "/fhir/Patient/" + id, "application/json-patch+json",
        "[{\"op\":\"remove\",\"path\":\"/birthDate\"}]");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(422);
    assertThat(patched.body()).contains("Patient.birthDate: minimum required = 1");
    JsonNode stored = ExampleFiles.json(http().get("/fhir/Patient/" + id).body());
    assertThat(stored.path("birthDate").asText()).isEqualTo("2009-05-17");
    assertThat(stored.path("meta").path("versionId").asText()).isEqualTo("1");
    // the same with FHIRPath Patch (its body is a Parameters resource: what is validated is the patched Patient)
    HttpResponse<String> fhirPath = http().method("PATCH", "/fhir/Patient/" + id, FHIR_JSON,
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"operation\",\"part\":["
            + "{\"name\":\"type\",\"valueCode\":\"delete\"},{\"name\":\"path\",\"valueString\":\"Patient.birthDate\"}]}]}");
    assertThat(fhirPath.statusCode()).as(fhirPath.body()).isEqualTo(422);
    assertThat(fhirPath.body()).contains("Patient.birthDate: minimum required = 1");
    assertThat(ExampleFiles.json(http().get("/fhir/Patient/" + id).body()).path("meta").path("versionId").asText())
        .isEqualTo("1");
  }

  @Test
  void aTransactionWithOneInvalidEntryStoresNothing() {
    String family = family();
    String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"resource\":" + patient(family, "2009-05-17", null) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
        + "{\"resource\":" + patient(family, null, null) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";
    HttpResponse<String> response = http().post("/fhir", FHIR_JSON, transaction);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(response.body()).contains("Patient.birthDate: minimum required = 1");
    assertThat(ExampleFiles.json(http().get("/fhir/Patient?family=" + family).body()).path("entry")).isEmpty();
  }

  @Test
  void aBatchRefusesOnlyTheInvalidEntry() {
    String family = family();
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"resource\":" + patient(family, "2009-05-17", null) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
        + "{\"resource\":" + patient(family, null, null) + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";
    JsonNode response = ExampleFiles.json(http().post("/fhir", FHIR_JSON, batch).body());
    assertThat(response.path("entry").path(0).path("response").path("status").asText()).startsWith("201");
    assertThat(response.path("entry").path(1).path("response").path("status").asText()).startsWith("422");
    assertThat(ExampleFiles.json(http().get("/fhir/Patient?family=" + family).body()).path("entry")).hasSize(1);
  }

  @Test
  void conditionalWritesAreValidated() {
    String family = family();
    HttpResponse<String> conditionalCreate = http().post("/fhir/Patient", FHIR_JSON, patient(family, null, null),
        "If-None-Exist", "family=" + family);
    assertThat(conditionalCreate.statusCode()).isEqualTo(422);
    HttpResponse<String> conditionalUpdate = http().put("/fhir/Patient?family=" + family, FHIR_JSON,
        patient(family, null, null));
    assertThat(conditionalUpdate.statusCode()).isEqualTo(422);
    assertThat(http().put("/fhir/Patient?family=" + family, FHIR_JSON, patient(family, "2009-05-17", null))
        .statusCode()).isEqualTo(201);
  }

  @Test
  void observationsAreGovernedOnlyWhenTheirCodeIsAnAssessmentFinding() {
    String plain = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"bloeddruk\"}}";
    assertThat(http().post("/fhir/Observation", FHIR_JSON, plain).statusCode()).isEqualTo(201);
    String finding = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
        + "\"http://sluis.nl/fhir/CodeSystem/assessment-finding\",\"code\":\"attention-point\"}]}}";
    HttpResponse<String> response = http().post("/fhir/Observation", FHIR_JSON, finding);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(response.body()).contains("Observation.derivedFrom: minimum required = 1");
  }

  @Test
  void aConsentWithoutPatientIsCheckedAsOrganisationPolicy() {
    String consent = "{\"resourceType\":\"Consent\",\"status\":\"active\",\"scope\":{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
        + "\"category\":[{\"text\":\"beleid\"}]}";
    HttpResponse<String> response = http().post("/fhir/Consent", FHIR_JSON, consent);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(response.body()).contains("sluis-Consent-OrganisationPolicy");
  }

  @Test
  void codesFromSystemsWeCannotCheckOfflineAreWarningsNotErrors() {
    String patient = patient(family(), "2009-05-17", null).replace("\"birthDate\"",
        "\"maritalStatus\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"87915002\"}]},\"birthDate\"");
    HttpResponse<String> validated = http().post("/fhir/Patient/$validate", FHIR_JSON, patient);
    assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
    assertThat(ExamplesHttpTest.issues(validated.body()))
        .noneSatisfy(issue -> assertThat(issue.path("severity").asText()).isIn("error", "fatal"));
    assertThat(http().post("/fhir/Patient", FHIR_JSON, patient).statusCode()).isEqualTo(201);
  }
}
