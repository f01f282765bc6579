package nl.sluis.disclosure;

import static nl.sluis.disclosure.DisclosureFixture.GP_URA;
import static nl.sluis.disclosure.DisclosureFixture.classes;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.ServerProcess;
import nl.sluis.testsupport.TestJwks;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes on one PostgreSQL database, each caching decision inputs across requests: a consent
 * revoked through one node stops disclosure on the other at the very next request, and a consent given
 * again is honoured there at once too (the cache is checked against the database's change tokens). Result
 * pages belong to the requester that searched, on either node.
 */
class RevocationAcrossNodesHttpTest extends PostgresServerTest {

  @Test
  void revocationOnOneNodeTakesEffectOnTheOther() throws Exception {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("SPRING_PROFILES_ACTIVE", "dev");
    environment.put("SPRING_DATASOURCE_URL", EmbeddedPostgresDatabase.jdbcUrl("sluis_it"));
    environment.put("SPRING_DATASOURCE_USERNAME", EmbeddedPostgresDatabase.USER);
    environment.put("SPRING_DATASOURCE_PASSWORD", EmbeddedPostgresDatabase.PASSWORD);
    environment.put("SLUIS_SECURITY_JWKS_FILE", "file:" + TestJwks.FILE);
    environment.put("SLUIS_DISCLOSURE_TRUSTED_INTERNAL_SYSTEMS", TestTokens.TRUSTED_SYSTEM);
    environment.put("JAVA_TOOL_OPTIONS", "-Xmx512m");
    ServerProcess otherNode = ServerProcess.start(environment,
        Path.of(System.getProperty("java.io.tmpdir"), "sluis-second-node.log"));
    try {
      otherNode.awaitReady(Duration.ofMinutes(4));
      DisclosureFixture fixture = new DisclosureFixture(http(), "999911120");
      String consent = fixture.create("/fhir/Consent", fixture.consentForGp("active", classes("Observation")));
      String token = TestTokens.token(GP_URA, "uzi-900000015", "01.015", "TREAT", "system/*.rs", null);
      FhirHttp gpOnOtherNode = otherNode.http().withToken(token);
      String observation = "/fhir/Observation/" + fixture.sharedObservation;
      assertThat(gpOnOtherNode.get(observation).statusCode()).isEqualTo(200);

      // A page link works on the other node for the requester that searched, and for nobody else.
      fixture.create("/fhir/Observation", DisclosureFixture.observation(fixture.patient, "gedeeld", false));
      String first = http().withToken(token).get("/fhir/Observation?subject=Patient/" + fixture.patient + "&_count=1")
          .body();
      String next = first.replaceAll("(?s).*\"relation\":\"next\",\"url\":\"([^\"]+)\".*", "$1");
      assertThat(next).contains("_getpages=");
      String page = next.substring(next.indexOf("/fhir"));
      assertThat(gpOnOtherNode.get(page).statusCode()).isEqualTo(200);
      String stranger = TestTokens.token("00000009", "uzi-900000016", "01.015", "TREAT", "system/*.rs", null);
      assertThat(otherNode.http().withToken(stranger).get(page).statusCode()).isEqualTo(410);

      String revoked = fixture.consentForGp("inactive", classes("Observation"))
          .replace("{\"resourceType\":\"Consent\",", "{\"resourceType\":\"Consent\",\"id\":\"" + consent + "\",");
      assertThat(http().put("/fhir/Consent/" + consent, FHIR_JSON, revoked).statusCode()).isEqualTo(200);
      assertThat(gpOnOtherNode.get(observation).statusCode()).isEqualTo(404);

      String givenAgain = revoked.replace("\"status\":\"inactive\"", "\"status\":\"active\"");
      assertThat(givenAgain).isNotEqualTo(revoked);
      FhirHttp gpHere = http().withToken(token);
      assertThat(gpHere.get(observation).statusCode()).isEqualTo(404); // this node caches the revoked state
      assertThat(otherNode.http().withToken(TestTokens.internalSystem()).put("/fhir/Consent/" + consent, FHIR_JSON, givenAgain).statusCode())
          .isEqualTo(200);
      assertThat(gpOnOtherNode.get(observation).statusCode()).isEqualTo(200);
      assertThat(gpHere.get(observation).statusCode()).isEqualTo(200);

      // Revoked through the other node: this node, which cached the consent, stops at once.
      assertThat(otherNode.http().withToken(TestTokens.internalSystem()).put("/fhir/Consent/" + consent, FHIR_JSON, revoked).statusCode())
          .isEqualTo(200);
      assertThat(gpHere.get(observation).statusCode()).isEqualTo(404);
      assertThat(gpOnOtherNode.get(observation).statusCode()).isEqualTo(404);
    } finally {
      otherNode.stop();
    }
  }
}
