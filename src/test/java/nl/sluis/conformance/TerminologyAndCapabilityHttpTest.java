package nl.sluis.conformance;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import nl.sluis.testsupport.PostgresServerTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What loading the packages gives a client: the profiles in the CapabilityStatement, offline terminology
 * operations on our code systems, our search parameters, {@code $validate} against a named profile — and that
 * loading again with nothing changed does nothing.
 */
class TerminologyAndCapabilityHttpTest extends PostgresServerTest {

  static final String ATTENTION_POINT_CS = "http://sluis.nl/fhir/CodeSystem/attention-point";
  static final String ATTENTION_POINT_VS = "http://sluis.nl/fhir/ValueSet/attention-point";

  @Autowired PackageInstaller installer;
  @Autowired ConformancePackages packages;
  @Autowired DataSource dataSource;

  @Test
  void theCapabilityStatementListsOurProfiles() {
    JsonNode statement = ExampleFiles.json(anonymous().get("/fhir/metadata").body());
    List<String> patientProfiles = new ArrayList<>();
    List<String> consentProfiles = new ArrayList<>();
    statement.path("rest").path(0).path("resource").forEach(r -> {
      List<String> target = switch (r.path("type").asText()) {
        case "Patient" -> patientProfiles;
        case "Consent" -> consentProfiles;
        default -> new ArrayList<>();
      };
      r.path("supportedProfile").forEach(p -> target.add(p.asText()));
    });
    assertThat(patientProfiles).contains("http://sluis.nl/fhir/StructureDefinition/sluis-Patient");
    assertThat(consentProfiles).contains("http://sluis.nl/fhir/StructureDefinition/sluis-Consent-ClientConsent",
        "http://sluis.nl/fhir/StructureDefinition/sluis-Consent-LegalGround",
        "http://sluis.nl/fhir/StructureDefinition/sluis-Consent-OrganisationPolicy");
  }

  @Test
  void expandingTheAttentionPointValueSetGivesTheNineCodes() {
    HttpResponse<String> response = http().get("/fhir/ValueSet/$expand?url=" + ATTENTION_POINT_VS);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode contains = ExampleFiles.json(response.body()).path("expansion").path("contains");
    assertThat(contains).hasSize(9);
    assertThat(contains.findValuesAsText("code")).contains("extreme-ideology");
  }

  @Test
  void lookupGivesTheDutchDisplay() {
    HttpResponse<String> response = http().get("/fhir/CodeSystem/$lookup?system=" + ATTENTION_POINT_CS
        + "&code=extreme-ideology");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(parameter(response.body(), "display").path("valueString").asText())
        .isEqualTo("Aantrekking tot een extreme ideologie");
  }

  @Test
  void validateCodeAnswersTrueAndFalse() {
    assertThat(result(http().get("/fhir/ValueSet/$validate-code?url=" + ATTENTION_POINT_VS + "&system="
        + ATTENTION_POINT_CS + "&code=extreme-ideology"))).isTrue();
    assertThat(result(http().get("/fhir/ValueSet/$validate-code?url=" + ATTENTION_POINT_VS + "&system="
        + ATTENTION_POINT_CS + "&code=no-such-code"))).isFalse();
    assertThat(result(http().get("/fhir/CodeSystem/$validate-code?url=" + ATTENTION_POINT_CS
        + "&code=extreme-ideology"))).isTrue();
    assertThat(result(http().get("/fhir/CodeSystem/$validate-code?url=" + ATTENTION_POINT_CS
        + "&code=no-such-code"))).isFalse();
  }

  @Test
  void ourSearchParameterWorksInASearch() {
    ExampleFiles.loadAll(http());
    HttpResponse<String> response = http().get(
        "/fhir/Consent?policy-rule=http://sluis.nl/fhir/CodeSystem/legal-ground%7Cright-to-report");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(ExampleFiles.json(response.body()).path("entry").findValuesAsText("fullUrl"))
        .anySatisfy(url -> assertThat(url).endsWith("Consent/grondslag-01"))
        .noneSatisfy(url -> assertThat(url).endsWith("Consent/toestemming-01"));
  }

  @Test
  void aBuiltInSearchParameterCannotBeRedefined() {
    String redefinition = "{\"resourceType\":\"SearchParameter\",\"url\":\"http://example.org/sp\",\"name\":\"x\","
        + "\"status\":\"active\",\"description\":\"x\",\"code\":\"identifier\",\"base\":[\"Patient\"],"
        + "\"type\":\"token\",\"expression\":\"Patient.name.family\"}";
    HttpResponse<String> response = http().post("/fhir/SearchParameter", FHIR_JSON, redefinition);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(response.body()).contains("Patient?identifier is built in");
  }

  @Test
  void validateChecksAgainstANamedProfile() {
    String noBirthDate = "{\"resourceType\":\"Patient\",\"name\":[{\"use\":\"official\",\"family\":\"Validate\"}]}";
    assertThat(errors(http().post("/fhir/Patient/$validate?profile=http://hl7.org/fhir/StructureDefinition/Patient",
        FHIR_JSON, noBirthDate))).isEmpty();
    assertThat(errors(http().post("/fhir/Patient/$validate?profile="
        + "http://sluis.nl/fhir/StructureDefinition/sluis-Patient", FHIR_JSON, noBirthDate)))
        .anySatisfy(issue -> {
          assertThat(issue.path("diagnostics").asText()).contains("Patient.birthDate: minimum required = 1");
          assertThat(issue.path("expression").path(0).asText()).isEqualTo("Patient");
        });
    // any of our profiles, also one the resource's content would not select
    String clientConsent = ExampleFiles.read(ExampleFiles.EXAMPLES.resolve("Consent-toestemming-01.json"));
    assertThat(errors(http().post("/fhir/Consent/$validate?profile="
        + "http://sluis.nl/fhir/StructureDefinition/sluis-Consent-LegalGround", FHIR_JSON, clientConsent)))
        .anySatisfy(issue -> assertThat(issue.path("diagnostics").asText()).contains("sluis-lg-1"));
  }

  /** $validate answers 200 with an OperationOutcome; these are its error issues. */
  private static List<JsonNode> errors(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ExamplesHttpTest.issues(response.body()).stream()
        .filter(issue -> issue.path("severity").asText().matches("error|fatal")).toList();
  }

  @Test
  void installingAgainWithNothingChangedDoesNothing() {
    assertThat(installer.installChanged(packages.inDependencyOrder())).isZero();
    JsonNode profile = ExampleFiles.json(http().get("/fhir/StructureDefinition/sluis-Patient").body());
    assertThat(profile.path("meta").path("versionId").asText()).isEqualTo("1");
  }

  /** On a fresh database there is nothing to reindex: no REINDEX job that would then compete with the first loads. */
  @Test
  void installingOnAFreshDatabaseQueuesNoReindexJob() {
    Integer jobs = new JdbcTemplate(dataSource).queryForObject(
        "SELECT COUNT(*) FROM BT2_JOB_INSTANCE WHERE DEFINITION_ID = 'REINDEX'", Integer.class);
    assertThat(jobs).isZero();
  }

  private static JsonNode parameter(String parameters, String name) {
    for (JsonNode p : ExampleFiles.json(parameters).path("parameter")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no parameter " + name + " in " + parameters);
  }

  private static boolean result(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return parameter(response.body(), "result").path("valueBoolean").asBoolean();
  }
}
