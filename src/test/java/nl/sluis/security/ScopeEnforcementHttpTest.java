package nl.sluis.security;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMART v2 scopes per interaction, inside bundles, and patient/ scopes limited to one compartment. */
class ScopeEnforcementHttpTest extends PostgresServerTest {

  private String patientA;
  private String patientB;
  private String observationA;
  private String observationB;
  private String family;

  @BeforeEach
  void data() {
    family = "Scope" + UUID.randomUUID().toString().substring(0, 8);
    patientA = create("/fhir/Patient", patient(family));
    patientB = create("/fhir/Patient", patient(family));
    observationA = create("/fhir/Observation", observation(patientA));
    observationB = create("/fhir/Observation", observation(patientB));
  }

  private static String patient(String family) {
    return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}],\"birthDate\":\"2008-05-17\"}";
  }

  private static String observation(String patient) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"scope-test\"},"
        + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
  }

  private String create(String path, String body) {
    HttpResponse<String> response = http().post(path, FHIR_JSON, body);
    assertThat(response.statusCode()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }

  private FhirHttp with(String scope) {
    return anonymous().withToken(TestTokens.internalProfessional(scope));
  }

  private static void assertMissingScope(HttpResponse<String> response, String scope) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(response.body()).contains("OperationOutcome").contains("Insufficient scope").contains(scope);
  }

  @Test
  void eachInteractionNeedsItsPermission() {
    FhirHttp readOnly = with("user/Patient.r");
    assertThat(readOnly.get("/fhir/Patient/" + patientA).statusCode()).isEqualTo(200);
    assertMissingScope(readOnly.get("/fhir/Patient?family=" + family), "user/Patient.s");
    assertMissingScope(readOnly.post("/fhir/Patient", FHIR_JSON, "{\"resourceType\":\"Patient\"}"), "user/Patient.c");
    assertMissingScope(readOnly.put("/fhir/Patient/" + patientA, FHIR_JSON,
        "{\"resourceType\":\"Patient\",\"id\":\"" + patientA + "\"}"), "user/Patient.u");
    assertMissingScope(readOnly.method("PATCH", "/fhir/Patient/" + patientA, "application/json-patch+json",
        "[{\"op\":\"add\",\"path\":\"/active\",\"value\":true}]"), "user/Patient.u");
    assertMissingScope(readOnly.delete("/fhir/Patient/" + patientA), "user/Patient.d");
    assertMissingScope(readOnly.get("/fhir/Observation/" + observationA), "user/Observation.r");
    // instance history passes the scope check (r); the disclosure layer then decides every version
    HttpResponse<String> history = readOnly.get("/fhir/Patient/" + patientA + "/_history");
    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    assertThat(history.body()).doesNotContain("Insufficient scope");
    assertMissingScope(readOnly.get("/fhir/Patient/_history"), "user/Patient.s");
    assertMissingScope(readOnly.get("/fhir/_history"), "user/*.s");

    FhirHttp searchOnly = with("user/Patient.s");
    assertThat(searchOnly.get("/fhir/Patient?family=" + family).statusCode()).isEqualTo(200);
    assertMissingScope(searchOnly.get("/fhir/Patient/" + patientA), "user/Patient.r");

    FhirHttp v1 = with("user/Patient.read");
    assertThat(v1.get("/fhir/Patient/" + patientA).statusCode()).isEqualTo(200);
    assertThat(v1.get("/fhir/Patient?family=" + family).statusCode()).isEqualTo(200);
  }

  @Test
  void noResourceScopesAtAll() {
    assertMissingScope(with("openid fhirUser").get("/fhir/Patient/" + patientA), "Patient.r");
  }

  @Test
  void scopesWithQueryConstraintsAreNotHonoured() {
    assertMissingScope(with("user/Observation.rs?category=laboratory").get("/fhir/Observation/" + observationA),
        "Observation.r");
  }

  @Test
  void serverLevelOperationsNeedFullSystemScope() {
    assertMissingScope(with("user/*.rs").post("/fhir/$mark-all-resources-for-reindexing", FHIR_JSON,
        "{\"resourceType\":\"Parameters\"}"), "system/*.cruds");
    assertMissingScope(with("user/*.rs").get("/fhir/$get-resource-counts"), "system/*.cruds");
  }

  @Test
  void bundleEntriesAreCheckedOneByOne() {
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/" + patientA + "\"}},"
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?subject=Patient/" + patientA + "\"}}]}";
    assertMissingScope(with("user/Patient.r").post("/fhir", FHIR_JSON, batch), "user/Observation.s");
    assertThat(with("user/Patient.r user/Observation.s").post("/fhir", FHIR_JSON, batch).statusCode())
        .isEqualTo(200);

    String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"resource\":" + observation(patientA) + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}},"
        + "{\"request\":{\"method\":\"DELETE\",\"url\":\"Observation/" + observationB + "\"}}]}";
    HttpResponse<String> refused = with("user/Observation.cr").post("/fhir", FHIR_JSON, transaction);
    assertMissingScope(refused, "user/Observation.d");
    assertThat(http().get("/fhir/Observation/" + observationB).statusCode()).isEqualTo(200);
  }

  @Test
  void includedResourcesOfUnreadableTypesAreLeftOut() {
    HttpResponse<String> response = with("user/Observation.rs")
        .get("/fhir/Observation?_id=" + observationA + "&_include=Observation:subject");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("Observation/" + observationA)
        .doesNotContain("\"resourceType\":\"Patient\"");
    HttpResponse<String> both = with("user/Observation.rs user/Patient.r")
        .get("/fhir/Observation?_id=" + observationA + "&_include=Observation:subject");
    assertThat(both.body()).contains("\"resourceType\":\"Patient\"");
  }

  @Test
  void patientScopesStayInThePatientsCompartment() {
    FhirHttp client = anonymous().withToken(TestTokens.token(null, "client-a", null, null,
        "patient/Observation.rs patient/Patient.r", "Patient/" + patientA));
    assertThat(client.get("/fhir/Patient/" + patientA).statusCode()).isEqualTo(200);
    assertThat(client.get("/fhir/Patient/" + patientB).statusCode()).isEqualTo(404);
    assertThat(client.get("/fhir/Observation/" + observationA).statusCode()).isEqualTo(200);
    assertThat(client.get("/fhir/Observation/" + observationB).statusCode()).isEqualTo(404);

    HttpResponse<String> search = client.get("/fhir/Observation?code:text=scope-test&_count=200");
    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(search.body()).contains("Observation/" + observationA).doesNotContain("Observation/" + observationB)
        .doesNotContain("Patient/" + patientB);
  }

  @Test
  void patientScopesCannotWriteOutsideTheCompartment() {
    // a professional's app launched in one patient's context (patient-facing apps may not write at all)
    FhirHttp client = anonymous().withToken(TestTokens.withClaims(java.util.Map.of(
        "scope", "patient/Observation.crs", "patient", patientA, "fhirUser", "Practitioner/psychiater-1",
        "extensions", java.util.Map.of("hl7-b2b", java.util.Map.of(
            "organization_id", "http://fhir.nl/fhir/NamingSystem/ura|" + TestTokens.OWN_URA,
            "subject_id", "uzi-900000001", "subject_role", "01.035", "purpose_of_use", java.util.List.of("TREAT"))))));
    assertThat(client.post("/fhir/Observation", FHIR_JSON, observation(patientA)).statusCode()).isEqualTo(201);
    HttpResponse<String> other = client.post("/fhir/Observation", FHIR_JSON, observation(patientB));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("compartment");
  }

  @Test
  void patientScopeWithoutPatientContextGrantsNothing() {
    HttpResponse<String> response = with("patient/Observation.rs").get("/fhir/Observation/" + observationA);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("patient context");
  }
}
