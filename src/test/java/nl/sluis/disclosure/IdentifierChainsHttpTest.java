package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An own professional finds a client's records by BSN with a chained identifier search (issue 18 item 2), and the
 * chain looks only at records the professional may see: a client whose Patient record is very restricted answers
 * exactly like an unknown BSN, although some of its records would be visible by themselves.
 */
class IdentifierChainsHttpTest extends PostgresServerTest {

  private static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn%7C";
  private DisclosureFixture fixture;
  private FhirHttp psychiatrist;
  private FhirHttp stranger;

  @BeforeEach
  void setUp() {
    fixture = new DisclosureFixture(http(), Bsns.random());
    psychiatrist = anonymous().withToken(DisclosureFixture.psychiatristToken());
    stranger = anonymous().withToken(DisclosureFixture.strangerToken());
  }

  @Test
  void aVisibleClientsRecordsAreFoundByBsn() {
    for (String chain : new String[] {"subject:Patient.identifier=", "subject.identifier=", "patient.identifier="}) {
      HttpResponse<String> found = psychiatrist.get("/fhir/Observation?" + chain + BSN_SYSTEM + fixture.bsn);
      assertThat(found.statusCode()).as(chain + " " + found.body()).isEqualTo(200);
      assertThat(found.body()).as(chain).contains("Observation/" + fixture.sharedObservation)
          .doesNotContain(fixture.restrictedObservation).doesNotContain(fixture.otherObservation);
    }
    // the identifier without its system, and OR-ed with an unknown one
    HttpResponse<String> bare = psychiatrist.get("/fhir/Observation?subject:Patient.identifier=" + fixture.bsn
        + "," + BSN_SYSTEM + Bsns.random());
    assertThat(bare.body()).contains("Observation/" + fixture.sharedObservation);
  }

  @Test
  void aHiddenClientAnswersLikeAnUnknownBsn() {
    String hiddenBsn = Bsns.random();
    String hiddenPatient = fixture.create("/fhir/Patient", "{\"resourceType\":\"Patient\",\"meta\":{\"security\":[{"
        + "\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},"
        + "\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\",\"value\":\"" + hiddenBsn + "\"}],"
        + "\"name\":[{\"use\":\"official\",\"family\":\"" + fixture.marker + "\"}],\"birthDate\":\""
        + LocalDate.now().minusYears(40) + "\"}");
    String visibleByItself = fixture.create("/fhir/Observation",
        DisclosureFixture.observation(hiddenPatient, "los", false));
    assertThat(psychiatrist.get("/fhir/Patient/" + hiddenPatient).statusCode()).isEqualTo(404);
    assertThat(psychiatrist.get("/fhir/Observation/" + visibleByItself).statusCode())
        .as("the record is visible by itself, so only the chain can hide it").isEqualTo(200);

    String unknownBsn = Bsns.random();
    HttpResponse<String> hidden = psychiatrist.get("/fhir/Observation?subject:Patient.identifier=" + BSN_SYSTEM
        + hiddenBsn);
    HttpResponse<String> unknown = psychiatrist.get("/fhir/Observation?subject:Patient.identifier=" + BSN_SYSTEM
        + unknownBsn);
    assertThat(hidden.statusCode()).isEqualTo(200);
    assertThat(hidden.body()).doesNotContain(visibleByItself).doesNotContain(hiddenPatient);
    assertThat(masked(hidden, hiddenBsn)).isEqualTo(masked(unknown, unknownBsn));
  }

  @Test
  void otherChainsAndOutsidersAreStillRefused() {
    for (String query : new String[] {"Observation?subject.name=" + fixture.marker,
        "Observation?subject:Patient.general-practitioner.identifier=x%7Cy",
        "Observation?subject.identifier:of-type=x%7Cy%7Cz", "Observation?subject.identifier=x%7C"}) {
      assertThat(psychiatrist.get("/fhir/" + query).statusCode()).as(query).isEqualTo(400);
    }
    HttpResponse<String> outsider = stranger.get("/fhir/Observation?subject:Patient.identifier=" + BSN_SYSTEM
        + fixture.bsn);
    assertThat(outsider.statusCode()).isEqualTo(400);
    assertThat(outsider.body()).doesNotContain(fixture.patient);
  }

  @Test
  void aWriteWithAChainedMatchUrlIsStillRefused() {
    HttpResponse<String> create = psychiatrist.post("/fhir/Observation", FHIR_JSON,
        DisclosureFixture.observation(fixture.patient, "x", false),
        "If-None-Exist", "subject:Patient.identifier=" + BSN_SYSTEM.replace("%7C", "|") + fixture.bsn);
    assertThat(create.statusCode()).isEqualTo(400);
  }

  /** The answer without what differs by nature: ids, times, the BSN asked for. */
  private static String masked(HttpResponse<String> response, String bsn) {
    return response.body().replace(bsn, "BSN")
        .replaceAll("\"id\":\"[^\"]+\"", "\"id\":\"ID\"")
        .replaceAll("\"lastUpdated\":\"[^\"]+\"", "\"lastUpdated\":\"T\"");
  }
}
