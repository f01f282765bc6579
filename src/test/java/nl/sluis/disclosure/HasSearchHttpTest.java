package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An own professional's {@code _has} (issue 18 item 2) is evaluated over the records the professional may see: a
 * client whose only matching record is hidden answers exactly like a criterion nobody matches ({@link
 * HasResolution}); trusted systems keep HAPI's own {@code _has}; outsiders, nested {@code _has} and batch entries
 * stay refused.
 */
class HasSearchHttpTest extends PostgresServerTest {

  private DisclosureFixture fixture;
  private FhirHttp psychiatrist;
  private FhirHttp stranger;
  /** In a visible Observation of the fixture's client. */
  private String seen;
  /** Only in a very restricted Observation of the other client (hidden from the psychiatrist). */
  private String veiled;

  @BeforeEach
  void setUp() {
    fixture = new DisclosureFixture(http(), Bsns.random());
    // the dev policy gives psychiatrists need-to-know of ordinary records, not of very restricted ones
    psychiatrist = anonymous().withToken(DisclosureFixture.psychiatristToken());
    stranger = anonymous().withToken(DisclosureFixture.strangerToken());
    seen = fixture.marker + "Zicht";
    veiled = fixture.marker + "Sluier";
    fixture.create("/fhir/Observation", DisclosureFixture.observation(fixture.patient, seen, false));
    fixture.create("/fhir/Observation", DisclosureFixture.observation(fixture.otherPatient, veiled, true));
  }

  @Test
  void findsTheClientsOfVisibleRecords() {
    HttpResponse<String> found = psychiatrist.get("/fhir/Patient?_has:Observation:subject:value-string=" + seen);
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    assertThat(found.body()).contains("Patient/" + fixture.patient).doesNotContain(fixture.otherPatient)
        .as("the self link is the query as asked").contains("Patient?_has%3AObservation%3Asubject%3Avalue-string=")
        .doesNotContain("_id=");
    // with other criteria (AND), two _has (each on its own, intersected), and a count
    assertThat(psychiatrist.get("/fhir/Patient?family=" + fixture.marker + "&_has:Observation:subject:value-string="
        + seen + "&_has:Observation:patient:code:text=gedeeld").body()).contains("Patient/" + fixture.patient);
    assertThat(psychiatrist.get("/fhir/Patient?_has:Observation:subject:value-string=" + seen
        + "&_has:Observation:patient:code:text=ander").body()).doesNotContain("\"entry\"");
    assertThat(psychiatrist.get("/fhir/Patient?_has:Observation:subject:value-string=" + seen + "&_summary=count")
        .body()).contains("\"total\":1");
  }

  @Test
  void aClientWhoseOnlyMatchIsHiddenAnswersLikeNoMatch() {
    assertThat(http().get("/fhir/Patient?_has:Observation:subject:value-string=" + veiled).body())
        .as("HAPI's own _has for a trusted system finds the hidden match's client").contains(fixture.otherPatient);
    assertThat(psychiatrist.get("/fhir/Patient/" + fixture.otherPatient).statusCode())
        .as("the client itself is visible: only the record is hidden").isEqualTo(200);
    String nobody = fixture.marker + "Niemand";
    HttpResponse<String> hidden = psychiatrist.get("/fhir/Patient?_has:Observation:subject:value-string=" + veiled);
    HttpResponse<String> none = psychiatrist.get("/fhir/Patient?_has:Observation:subject:value-string=" + nobody);
    assertThat(hidden.statusCode()).isEqualTo(200);
    assertThat(masked(hidden.body()).replace(veiled, "X")).isEqualTo(masked(none.body()).replace(nobody, "X"));
    assertThat(hidden.body()).doesNotContain(fixture.otherPatient);
    HttpResponse<String> posted = psychiatrist.post("/fhir/Patient/_search", "application/x-www-form-urlencoded",
        "_has:Observation:subject:value-string=" + veiled);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(posted.body()).as("the same as a form").doesNotContain(fixture.otherPatient);
    assertThat(psychiatrist.post("/fhir/Patient/_search", "application/x-www-form-urlencoded",
        "_has:Observation:subject:value-string=" + seen).body()).contains("Patient/" + fixture.patient);
    assertThat(stranger.post("/fhir/Patient/_search", "application/x-www-form-urlencoded",
        "_has:Observation:subject:value-string=" + seen).statusCode()).isEqualTo(400);
    assertThat(masked(psychiatrist.get("/fhir/Patient?_has:Observation:subject:value-string=" + veiled
        + "&_summary=count").body()).replace(veiled, "X")).isEqualTo(masked(psychiatrist.get(
            "/fhir/Patient?_has:Observation:subject:value-string=" + nobody + "&_summary=count").body())
        .replace(nobody, "X"));
  }

  @Test
  void outsidersNestedHasAndBatchEntriesAreRefused() {
    assertThat(stranger.get("/fhir/Patient?_has:Observation:subject:value-string=" + seen).statusCode()).isEqualTo(400);
    for (String query : new String[] {"Patient?_has:Observation:subject:_has:Provenance:target:agent=x",
        "Patient?_has:Observation:subject:subject.name=x", "Patient?_has:Observation:subject:_content=x",
        "Patient?_has:Onbekend:subject:code=x", "Patient?_has:Observation:code:status=final",
        "Patient?_has:Observation:derived-from:status=final", "Patient?_has:Observation=x"}) {
      HttpResponse<String> refused = psychiatrist.get("/fhir/" + query);
      assertThat(refused.statusCode()).as(query + ": " + refused.body()).isEqualTo(400);
    }
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"request\":{\"method\":\"GET\","
        + "\"url\":\"Patient?_has:Observation:subject:value-string=" + seen + "\"}}]}";
    HttpResponse<String> inBatch = psychiatrist.post("/fhir", FHIR_JSON, batch);
    assertThat(inBatch.statusCode()).as(inBatch.body()).isEqualTo(400);
  }

  private static String masked(String body) {
    return body.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID")
        .replaceAll("\"lastUpdated\":\"[^\"]+\"", "\"lastUpdated\":\"T\"")
        .replaceAll("geen-match-UUID", "NOWHERE");
  }
}
