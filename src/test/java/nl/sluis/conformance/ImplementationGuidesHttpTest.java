package nl.sluis.conformance;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import javax.sql.DataSource;
import nl.sluis.server.SluisApplication;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.TestJwks;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server on PostgreSQL with Nictiz's zib2020 and nl-core packages configured in
 * {@code hapi.fhir.implementationguides} (its own Spring context and database; all checks in this one class):
 * installed at start, listed in the CapabilityStatement, a declared nl-core profile is validated against, and
 * installing again with nothing changed does nothing. Skipped, with the reason, when ../shared/nl-core is absent.
 */
@EnabledIf(value = "nl.sluis.conformance.NlCorePackages#available",
    disabledReason = NlCorePackages.ABSENT) // evaluated before the context would start
@ActiveProfiles("dev")
@SpringBootTest(classes = SluisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImplementationGuidesHttpTest {

  static final String NL_CORE_PATIENT = "http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient";

  @LocalServerPort int port;
  @Autowired PackageInstaller installer;
  @Autowired ConfiguredGuides guides;
  @Autowired DataSource dataSource;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> EmbeddedPostgresDatabase.createDatabase("sluis_ig"));
    registry.add("spring.datasource.username", () -> EmbeddedPostgresDatabase.USER);
    registry.add("spring.datasource.password", () -> EmbeddedPostgresDatabase.PASSWORD);
    registry.add("sluis.security.jwks-file", () -> "file:" + TestJwks.FILE);
    registry.add("sluis.disclosure.trusted-internal-systems", () -> TestTokens.TRUSTED_SYSTEM);
    // The starter's shape: a .tgz by file: URL with name and version checked, and one by plain path.
    registry.add("hapi.fhir.implementationguides.zib2020.name", () -> "nictiz.fhir.nl.r4.zib2020");
    registry.add("hapi.fhir.implementationguides.zib2020.version", () -> "0.12.0-beta.4");
    registry.add("hapi.fhir.implementationguides.zib2020.packageUrl", () -> NlCorePackages.ZIB2020.toUri().toString());
    registry.add("hapi.fhir.implementationguides.nlcore.packageUrl", NlCorePackages.NL_CORE::toString);
  }

  @Test
  void bothPackagesAreInstalledAtStart() {
    List<String> installed = new JdbcTemplate(dataSource).queryForList(
        "SELECT PACKAGE_NAME FROM SLUIS_CONFORMANCE_PACKAGE", String.class);
    assertThat(installed).contains("nictiz.fhir.nl.r4.zib2020", "nictiz.fhir.nl.r4.nl-core");
    JsonNode found = ExampleFiles.json(http().get("/fhir/StructureDefinition?url=" + NL_CORE_PATIENT).body());
    assertThat(found.path("entry")).hasSize(1);
    JsonNode maritalStatusList = ExampleFiles.json(http().get("/fhir/ValueSet?url=http://decor.nictiz.nl/fhir/ValueSet/"
        + "2.16.840.1.113883.2.4.3.11.60.40.2.7.9.1--20200901000000").body());
    assertThat(maritalStatusList.path("entry")).hasSize(1);
  }

  @Test
  void theCapabilityStatementListsThem() {
    JsonNode statement = ExampleFiles.json(anonymous().get("/fhir/metadata").body());
    List<String> guidesListed = new java.util.ArrayList<>();
    statement.path("implementationGuide").forEach(g -> guidesListed.add(g.asText()));
    assertThat(guidesListed).contains("nictiz.fhir.nl.r4.zib2020|0.12.0-beta.4", "nictiz.fhir.nl.r4.nl-core|0.12.0-beta.4");
  }

  /** nl-core binds maritalStatus (required) to the zib list, which lacks v3 "P" (polygamous); core R4 and Sluis allow it. */
  @Test
  void aPatientClaimingNlCoreIsValidatedAgainstIt() {
    HttpResponse<String> refused = http().post("/fhir/Patient", FHIR_JSON, nlCorePatient("P"));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(errors(refused.body())).anySatisfy(issue -> {
      assertThat(issue.path("diagnostics").asText()).contains("2.16.840.1.113883.2.4.3.11.60.40.2.7.9.1");
      assertThat(issue.path("expression").path(0).asText()).startsWith("Patient.maritalStatus");
    });
    // Without the nl-core claim the same Patient is fine: the error above is nl-core's, not Sluis's.
    HttpResponse<String> unclaimed = http().post("/fhir/Patient", FHIR_JSON,
        nlCorePatient("P").replace("\"meta\":{\"profile\":[\"" + NL_CORE_PATIENT + "\"]},", ""));
    assertThat(unclaimed.statusCode()).as(unclaimed.body()).isEqualTo(201);

    HttpResponse<String> accepted = http().post("/fhir/Patient", FHIR_JSON, nlCorePatient("M"));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    // And nl-core-Patient is no longer an unknown profile: no warning that it could not be checked.
    HttpResponse<String> validated = http().post("/fhir/Patient/$validate", FHIR_JSON, nlCorePatient("M"));
    assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
    assertThat(ExamplesHttpTest.issues(validated.body()))
        .noneSatisfy(issue -> assertThat(issue.path("diagnostics").asText()).contains(NL_CORE_PATIENT))
        .noneSatisfy(issue -> assertThat(issue.path("severity").asText()).isIn("error", "fatal"));
  }

  @Test
  void installingAgainWithNothingChangedDoesNothing() {
    assertThat(installer.installChanged(guides.contents())).isZero();
    JsonNode profile = ExampleFiles.json(http().get("/fhir/StructureDefinition/nl-core-Patient").body());
    assertThat(profile.path("meta").path("versionId").asText()).isEqualTo("1");
  }

  private static String nlCorePatient(String maritalStatus) {
    return "{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\"" + NL_CORE_PATIENT + "\"]},"
        + "\"name\":[{\"use\":\"official\",\"text\":\"Jan Vries\",\"family\":\"Vries\"}],\"birthDate\":\"1980-02-03\","
        + "\"maritalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus\","
        + "\"code\":\"" + maritalStatus + "\"}]}}";
  }

  private static List<JsonNode> errors(String outcome) {
    return ExamplesHttpTest.issues(outcome).stream()
        .filter(issue -> issue.path("severity").asText().matches("error|fatal")).toList();
  }

  private FhirHttp http() {
    return new FhirHttp("http://localhost:" + port, TestTokens.internalSystem());
  }

  private FhirHttp anonymous() {
    return new FhirHttp("http://localhost:" + port);
  }
}
