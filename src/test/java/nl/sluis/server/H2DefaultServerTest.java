package nl.sluis.server;

import nl.sluis.testsupport.H2ServerTest;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import nl.sluis.testsupport.FhirHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The zero-setup default: the embedded H2 file database, with no datasource configured. Also checks
 * that a configured public base URL (reverse proxy) is what Location headers and links use.
 */
@H2ServerTest
class H2DefaultServerTest {

  @LocalServerPort int port;

  @Test
  void storesAndReadsOnTheEmbeddedDefaultWithThePublicBaseUrl() {
    FhirHttp http = new FhirHttp("http://localhost:" + port, nl.sluis.testsupport.TestTokens.internalProfessional("user/*.cruds"));
    HttpResponse<String> created = http.post("/fhir/Patient", FHIR_JSON,
        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"H2\"}],\"birthDate\":\"2008-05-17\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValueSatisfying(location ->
        assertThat(location).startsWith("https://fhir.ggz-voorbeeld.nl/fhir/Patient/"));
    assertThat(http.get("/fhir/Patient/" + FhirHttp.idFromLocation(created)).statusCode()).isEqualTo(200);
    assertThat(http.get("/fhir/Patient?name=H2").body())
        .contains("\"url\":\"https://fhir.ggz-voorbeeld.nl/fhir/Patient?name=H2\"");
  }
}
