package nl.sluis.server;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static nl.sluis.testsupport.FhirHttp.FHIR_XML;
import static nl.sluis.testsupport.FhirHttp.idFromLocation;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.util.UUID;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** The FHIR R4 REST interactions the foundation promises, over HTTP on PostgreSQL. */
class FhirRestHttpTest extends PostgresServerTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private static String patient(String family) {
    return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:test\",\"value\":\""
        + family + "\"}],\"name\":[{\"family\":\"" + family + "\"}],\"birthDate\":\"2008-05-17\"}";
  }

  private String create(String family) {
    HttpResponse<String> created = http().post("/fhir/Patient", FHIR_JSON, patient(family));
    assertThat(created.statusCode()).isEqualTo(201);
    return idFromLocation(created);
  }

  @Test
  void createReadVreadUpdatePatchDeleteAndHistory() {
    FhirHttp http = http();
    String family = "Crud" + UUID.randomUUID().toString().substring(0, 8);
    String id = create(family);

    HttpResponse<String> read = http.get("/fhir/Patient/" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("ETag")).hasValue("W/\"1\"");
    assertThat(FHIR.newJsonParser().parseResource(Patient.class, read.body()).getNameFirstRep().getFamily())
        .isEqualTo(family);

    String updated = patient(family).replace("{\"resourceType\":\"Patient\",",
        "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\",");
    assertThat(http.put("/fhir/Patient/" + id, FHIR_JSON, updated).statusCode()).isEqualTo(200);

    String patch = "[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]";
    HttpResponse<String> patched =
        http.method("PATCH", "/fhir/Patient/" + id, "application/json-patch+json", patch);
    assertThat(patched.statusCode()).isEqualTo(200);

    HttpResponse<String> v2 = http.get("/fhir/Patient/" + id + "/_history/2");
    assertThat(v2.statusCode()).isEqualTo(200);
    assertThat(v2.body()).contains("\"female\"");
    assertThat(http.get("/fhir/Patient/" + id).body()).contains("\"male\"");

    Bundle history = FHIR.newJsonParser().parseResource(Bundle.class,
        http.get("/fhir/Patient/" + id + "/_history").body());
    assertThat(history.getEntry()).hasSize(3);

    assertThat(http.delete("/fhir/Patient/" + id).statusCode()).isEqualTo(200);
    assertThat(http.get("/fhir/Patient/" + id).statusCode()).isEqualTo(410);
  }

  @Test
  void searchWithGetAndPostAndTypeAndSystemHistory() {
    FhirHttp http = http();
    String family = "Search" + UUID.randomUUID().toString().substring(0, 8);
    create(family);
    create(family);

    Bundle byGet = FHIR.newJsonParser().parseResource(Bundle.class,
        http.get("/fhir/Patient?family=" + family).body());
    assertThat(byGet.getEntry()).hasSize(2);

    HttpResponse<String> byPost = http.post("/fhir/Patient/_search",
        "application/x-www-form-urlencoded", "family=" + family);
    assertThat(byPost.statusCode()).isEqualTo(200);
    assertThat(FHIR.newJsonParser().parseResource(Bundle.class, byPost.body()).getEntry()).hasSize(2);

    assertThat(http.get("/fhir/Patient/_history?_count=1").statusCode()).isEqualTo(200);
    assertThat(http.get("/fhir/_history?_count=1").statusCode()).isEqualTo(200);
  }

  @Test
  void pagingLinksUseTheServerBaseAndWork() {
    FhirHttp http = http();
    String family = "Paging" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 3; i++) {
      create(family);
    }
    Bundle first = FHIR.newJsonParser().parseResource(Bundle.class,
        http.get("/fhir/Patient?family=" + family + "&_count=2").body());
    assertThat(first.getEntry()).hasSize(2);
    String next = first.getLink("next").getUrl();
    assertThat(next).startsWith(http.root() + "/fhir");
    Bundle second = FHIR.newJsonParser().parseResource(Bundle.class,
        http.get(next.substring(http.root().length())).body());
    assertThat(second.getEntry()).hasSize(1);
  }

  @Test
  void conditionalCreateAndUpdate() {
    FhirHttp http = http();
    String family = "Cond" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> first = http.post("/fhir/Patient", FHIR_JSON, patient(family),
        "If-None-Exist", "identifier=urn:test|" + family);
    assertThat(first.statusCode()).isEqualTo(201);
    HttpResponse<String> second = http.post("/fhir/Patient", FHIR_JSON, patient(family),
        "If-None-Exist", "identifier=urn:test|" + family);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(idFromLocation(second)).isEqualTo(idFromLocation(first));

    String other = "CondUpd" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> upsert =
        http.put("/fhir/Patient?identifier=urn:test%7C" + other, FHIR_JSON, patient(other));
    assertThat(upsert.statusCode()).isEqualTo(201);
    HttpResponse<String> update =
        http.put("/fhir/Patient?identifier=urn:test%7C" + other, FHIR_JSON, patient(other));
    assertThat(update.statusCode()).isEqualTo(200);
    assertThat(idFromLocation(update)).isEqualTo(idFromLocation(upsert));
  }

  @Test
  void batchAndTransaction() {
    FhirHttp http = http();
    String family = "Tx" + UUID.randomUUID().toString().substring(0, 8);
    String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"fullUrl\":\"urn:uuid:11111111-1111-1111-1111-111111111111\",\"resource\":" + patient(family)
        + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
        + "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"t\"},"
        + "\"subject\":{\"reference\":\"urn:uuid:11111111-1111-1111-1111-111111111111\"}},"
        + "\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
    HttpResponse<String> response = http.post("/fhir", FHIR_JSON, transaction);
    assertThat(response.statusCode()).isEqualTo(200);
    Bundle result = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    assertThat(result.getEntry()).extracting(e -> e.getResponse().getStatus())
        .allMatch(status -> status.startsWith("201"));

    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient?family=" + family + "\"}},"
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/does-not-exist\"}}]}";
    Bundle batchResult = FHIR.newJsonParser().parseResource(Bundle.class,
        http.post("/fhir", FHIR_JSON, batch).body());
    assertThat(batchResult.getEntry().get(0).getResponse().getStatus()).startsWith("200");
    assertThat(batchResult.getEntry().get(1).getResponse().getStatus()).startsWith("404");
  }

  @Test
  void xmlInAndOut() {
    FhirHttp http = http();
    String xml = "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"XmlJansen\"/></name>"
        + "<birthDate value=\"2008-05-17\"/></Patient>";
    HttpResponse<String> created = http.post("/fhir/Patient", FHIR_XML, xml);
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<String> read =
        http.get("/fhir/Patient/" + idFromLocation(created), "Accept", FHIR_XML);
    assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith(FHIR_XML));
    assertThat(read.body()).contains("<family value=\"XmlJansen\"/>");
  }

  @Test
  void validateOperationReportsProblems() {
    String invalid = "{\"resourceType\":\"Patient\",\"gender\":\"unknown-gender\"}";
    HttpResponse<String> response = http().post("/fhir/Patient/$validate", FHIR_JSON, invalid);
    assertThat(response.statusCode()).isBetween(400, 499);
    OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
    assertThat(outcome.getIssue()).anySatisfy(issue ->
        assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR));

    String valid = "{\"resourceType\":\"Patient\",\"gender\":\"female\"}";
    assertThat(http().post("/fhir/Patient/$validate", FHIR_JSON, valid).statusCode()).isEqualTo(200);
  }

  @Test
  void capabilityStatementDescribesSluisAndNoDisabledFeatures() {
    HttpResponse<String> response = http().get("/fhir/metadata");
    assertThat(response.statusCode()).isEqualTo(200);
    CapabilityStatement capabilities =
        FHIR.newJsonParser().parseResource(CapabilityStatement.class, response.body());
    assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
    assertThat(capabilities.getImplementation().getDescription()).contains("Sluis");
    assertThat(response.body()).doesNotContain("$graphql", "$export", "upload-external-code-system");
  }

  /** Who the server is, truthfully: not HAPI's "RestServer", "Not provided" and HAPI version. */
  @Test
  void capabilityStatementNamesSluisItsVersionAndPublisher() throws Exception {
    CapabilityStatement capabilities =
        FHIR.newJsonParser().parseResource(CapabilityStatement.class, http().get("/fhir/metadata").body());
    java.util.Properties build = new java.util.Properties();
    try (var in = getClass().getResourceAsStream("/META-INF/build-info.properties")) {
      assertThat(in).as("build-info.properties from spring-boot-maven-plugin").isNotNull();
      build.load(in);
    }
    assertThat(capabilities.getName()).isEqualTo("Sluis");
    assertThat(capabilities.getTitle()).contains("Sluis", "GGZ");
    assertThat(capabilities.getPublisher()).isNotBlank().isNotEqualTo("Not provided");
    assertThat(capabilities.getSoftware().getName()).isEqualTo("Sluis");
    assertThat(capabilities.getSoftware().getVersion()).isEqualTo(build.getProperty("build.version"));
    assertThat(capabilities.getRestFirstRep().getOperation()).extracting(o -> o.getName())
        .as("advertised although expunge is disabled").doesNotContain("expunge");
    assertThat(http().post("/fhir/$expunge", FHIR_JSON, "{\"resourceType\":\"Parameters\"}").statusCode())
        .as("and indeed not served").isBetween(400, 499);
  }
}
