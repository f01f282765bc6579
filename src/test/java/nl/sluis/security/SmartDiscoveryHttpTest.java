package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import nl.sluis.testsupport.PostgresServerTest;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;

/** SMART discovery and the CapabilityStatement's security section say the same thing. */
class SmartDiscoveryHttpTest extends PostgresServerTest {

  @Test
  void smartConfigurationAdvertisesIssuerTokenEndpointScopesAndCapabilities() {
    for (String path : new String[] {"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"}) {
      HttpResponse<String> response = anonymous().get(path);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
          assertThat(type).startsWith("application/json"));
      assertThat(response.body())
          .contains("\"issuer\":\"" + DevKey.ISSUER + "\"")
          .contains("\"token_endpoint\":\"https://sluis.dev.invalid/token\"")
          .contains("system/*.cruds", "permission-v2", "client-confidential-asymmetric");
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
}
