package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import nl.sluis.testsupport.PostgresServerTest;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;

/**
 * SMART discovery and the CapabilityStatement's security section say the same thing, and only what is true: the dev
 * configuration names a token endpoint and no authorization endpoint, so no authorization code flow is advertised.
 * (With an OpenID Connect provider: ConsoleOidcSignInTest.) Discovery answers CORS; data does not.
 */
class SmartDiscoveryHttpTest extends PostgresServerTest {

  private static final String APP_ORIGIN = "https://app.example.org";

  @Test
  void smartConfigurationAdvertisesIssuerTokenEndpointScopesAndCapabilities() throws IOException {
    for (String path : new String[] {"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"}) {
      HttpResponse<String> response = anonymous().get(path);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
          assertThat(type).startsWith("application/json"));
      assertThat(response.body())
          .contains("\"issuer\":\"" + DevKey.ISSUER + "\"")
          .contains("\"token_endpoint\":\"https://sluis.dev.invalid/token\"")
          .contains("system/*.cruds", "permission-v2", "client-confidential-asymmetric");
      JsonNode configuration = new ObjectMapper().readTree(response.body());
      assertThat(configuration.path("grant_types_supported").toString())
          .as("no authorization endpoint configured: no authorization code flow").doesNotContain("authorization_code")
          .contains("client_credentials");
      assertThat(configuration.has("authorization_endpoint")).isFalse();
      assertThat(configuration.has("code_challenge_methods_supported")).isFalse();
      assertThat(configuration.path("capabilities").toString()).doesNotContain("launch-standalone");
    }
  }

  @Test
  void capabilityStatementDeclaresSmartOnFhir() {
    CapabilityStatement capabilities = FhirContext.forR4Cached().newJsonParser()
        .parseResource(CapabilityStatement.class, anonymous().get("/fhir/metadata").body());
    CapabilityStatement.CapabilityStatementRestSecurityComponent security = capabilities.getRestFirstRep().getSecurity();
    assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
    assertThat(security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")
        .getExtensionString("token")).isEqualTo("https://sluis.dev.invalid/token");
  }

  @Test
  void discoveryDocumentsAnswerCorsForAnyOriginDataDoesNot() {
    for (String path : new String[] {"/fhir/metadata", "/.well-known/smart-configuration",
        "/fhir/.well-known/smart-configuration"}) {
      HttpResponse<String> read = anonymous().get(path, "Origin", APP_ORIGIN);
      assertThat(read.statusCode()).as(path).isEqualTo(200);
      assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
      assertThat(read.headers().firstValue("Access-Control-Allow-Credentials")).as(path).isEmpty();

      HttpResponse<String> preflight = anonymous().method("OPTIONS", path, null, null, "Origin", APP_ORIGIN,
          "Access-Control-Request-Method", "GET");
      assertThat(preflight.statusCode()).as(path).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).as(path).hasValue("GET, HEAD");

      HttpResponse<String> write = anonymous().method("OPTIONS", path, null, null, "Origin", APP_ORIGIN,
          "Access-Control-Request-Method", "POST");
      assertThat(write.statusCode()).as(path + ": only reading is cross-origin").isEqualTo(403);
      assertThat(write.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
      assertThat(write.body()).contains("OperationOutcome");
    }
    HttpResponse<String> post = anonymous().post("/.well-known/smart-configuration", "application/json", "{}");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.body()).contains("OperationOutcome");

    // data: no CORS, with or without a token, preflight or not
    HttpResponse<String> data = http().get("/fhir/Patient?_count=1", "Origin", APP_ORIGIN);
    assertThat(data.statusCode()).isEqualTo(200);
    assertThat(data.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> dataPreflight = anonymous().method("OPTIONS", "/fhir/Patient", null, null, "Origin",
        APP_ORIGIN, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
    assertThat(dataPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
