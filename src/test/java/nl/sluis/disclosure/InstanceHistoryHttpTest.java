package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Instance history for the organisation's own professionals (issue 18, item 2): every version decided on its own,
 * a deletion shown only to whoever could see the version before it, one page without a total or paging links, and
 * the history of a record the professional may not see answers like a missing record's. Type and system history
 * and outsiders' history stay refused. The psychiatrist has need-to-know for the fixture's client but may not see
 * its very restricted (V) records.
 */
class InstanceHistoryHttpTest extends PostgresServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private DisclosureFixture fixture;
  private FhirHttp psychiatrist;

  @BeforeEach
  void fixture() {
    fixture = new DisclosureFixture(http(), Bsns.random());
    psychiatrist = anonymous().withToken(DisclosureFixture.psychiatristToken());
  }

  private void update(String id, String text, boolean veryRestricted) {
    String body = DisclosureFixture.observation(fixture.patient, text, veryRestricted)
        .replace("{\"resourceType\":\"Observation\",", "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",");
    HttpResponse<String> updated = http().put("/fhir/Observation/" + id, FHIR_JSON, body);
    assertThat(updated.statusCode()).as(updated.body()).isIn(200, 201);
  }

  private static List<String> versions(HttpResponse<String> history) throws Exception {
    List<String> versions = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(history.body()).path("entry")) {
      String url = entry.path("request").path("url").asText();
      String method = entry.path("request").path("method").asText();
      String version = entry.path("resource").path("meta").path("versionId").asText();
      versions.add(method + (version.isEmpty() ? " " + url.replaceAll(".*/_history/", "v") : " v" + version));
    }
    return versions;
  }

  @Test
  void oneVisibleRecordsVersionsInOnePageWithoutCounts() throws Exception {
    String id = fixture.sharedObservation;
    update(id, "gedeeld, tweede versie", false);
    update(id, "gedeeld, derde versie", false);
    HttpResponse<String> history = psychiatrist.get("/fhir/Observation/" + id + "/_history?_count=1");
    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    assertThat(versions(history)).containsExactly("PUT v3", "PUT v2", "POST v1");
    JsonNode bundle = JSON.readTree(history.body());
    assertThat(bundle.has("total")).isFalse();
    assertThat(history.body()).doesNotContain("\"next\"").doesNotContain("_getpages");
  }

  /** A history asked for again right after an update has the new version (HAPI's cached count used to hide it). */
  @Test
  void aHistoryRightAfterAnUpdateHasTheNewVersion() throws Exception {
    String id = fixture.sharedObservation;
    assertThat(versions(http().get("/fhir/Observation/" + id + "/_history"))).containsExactly("POST v1");
    assertThat(versions(psychiatrist.get("/fhir/Observation/" + id + "/_history"))).containsExactly("POST v1");
    update(id, "gedeeld, tweede versie", false);
    assertThat(versions(http().get("/fhir/Observation/" + id + "/_history"))).containsExactly("PUT v2", "POST v1");
    assertThat(versions(psychiatrist.get("/fhir/Observation/" + id + "/_history")))
        .containsExactly("PUT v2", "POST v1");
  }

  /** A record that became very restricted (HAPI keeps a label on later versions) is hidden with all its history. */
  @Test
  void aRecordThatBecameHiddenHasAHistoryLikeAMissingOne() {
    String id = fixture.sharedObservation;
    assertThat(psychiatrist.get("/fhir/Observation/" + id + "/_history").statusCode()).isEqualTo(200);
    update(id, "gedeeld, nu zeer vertrouwelijk", true);
    assertThat(http().get("/fhir/Observation/" + id).body()).as("stored").contains("\"code\":\"V\"");
    assertThat(psychiatrist.get("/fhir/Observation/" + id).statusCode()).as("read").isEqualTo(404);
    HttpResponse<String> hidden = psychiatrist.get("/fhir/Observation/" + id + "/_history");
    HttpResponse<String> missing = psychiatrist.get("/fhir/Observation/ontbreekt-h3/_history");
    assertThat(hidden.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
    assertThat(hidden.body().replace(id, "ID")).isEqualTo(missing.body().replace("ontbreekt-h3", "ID"));
  }

  @Test
  void theHistoryOfAHiddenRecordAnswersLikeAMissingOnes() {
    HttpResponse<String> hidden = psychiatrist.get("/fhir/Observation/" + fixture.restrictedObservation + "/_history");
    HttpResponse<String> missing = psychiatrist.get("/fhir/Observation/ontbreekt-h1/_history");
    assertThat(hidden.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
    assertThat(hidden.body().replace(fixture.restrictedObservation, "ID"))
        .isEqualTo(missing.body().replace("ontbreekt-h1", "ID"));
    // a professional outside the care team: the client's records are all hidden
    FhirHttp outsider = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000032", "behandelaar",
        "TREAT", "user/*.cruds", null));
    assertThat(outsider.get("/fhir/Observation/" + fixture.sharedObservation + "/_history").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aDeletionIsShownOnlyToWhoeverCouldSeeTheVersionBefore() throws Exception {
    String visible = fixture.create("/fhir/Observation", DisclosureFixture.observation(fixture.patient, "weg", false));
    assertThat(http().delete("/fhir/Observation/" + visible).statusCode()).isBetween(200, 204);
    HttpResponse<String> history = psychiatrist.get("/fhir/Observation/" + visible + "/_history");
    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    assertThat(versions(history)).containsExactly("DELETE v2", "POST v1");

    assertThat(http().delete("/fhir/Observation/" + fixture.restrictedObservation).statusCode()).isBetween(200, 204);
    HttpResponse<String> hidden = psychiatrist.get("/fhir/Observation/" + fixture.restrictedObservation + "/_history");
    HttpResponse<String> missing = psychiatrist.get("/fhir/Observation/ontbreekt-h2/_history");
    assertThat(hidden.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
    assertThat(hidden.body().replace(fixture.restrictedObservation, "ID"))
        .isEqualTo(missing.body().replace("ontbreekt-h2", "ID"));
  }

  /**
   * A type's history: the newest versions the professional may see, the page filled past hidden ones (30 hidden
   * versions and a hidden deletion are the newest of all), no total, no links; and the answer is the same, byte for
   * byte apart from times, before and after the hidden versions were written.
   */
  @Test
  void aTypesHistoryIsTheNewestVisibleVersions() throws Exception {
    String visible = fixture.create("/fhir/Flag", flag(null, "eerste", false));
    http().put("/fhir/Flag/" + visible, FHIR_JSON, flag(visible, "tweede", false));
    http().put("/fhir/Flag/" + visible, FHIR_JSON, flag(visible, "derde", false));
    HttpResponse<String> before = psychiatrist.get("/fhir/Flag/_history?_count=3");
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
    assertThat(versions(before)).containsExactly("PUT v3", "PUT v2", "POST v1");
    assertThat(before.body()).contains("Flag/" + visible);

    String hidden = fixture.create("/fhir/Flag", flag(null, "zorgsignaal 0", true));
    for (int version = 1; version < 30; version++) {
      assertThat(http().put("/fhir/Flag/" + hidden, FHIR_JSON, flag(hidden, "zorgsignaal " + version, true))
          .statusCode()).isEqualTo(200);
    }
    assertThat(http().delete("/fhir/Flag/" + hidden).statusCode()).isBetween(200, 204);
    assertThat(versions(http().get("/fhir/Flag/_history?_count=3"))).as("a trusted system: the newest of all")
        .containsExactly("DELETE v31", "PUT v30", "PUT v29");

    HttpResponse<String> after = psychiatrist.get("/fhir/Flag/_history?_count=3");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    assertThat(timesMasked(after.body())).isEqualTo(timesMasked(before.body()));
    assertThat(after.body()).doesNotContain(hidden).doesNotContain("\"total\"").doesNotContain("\"next\"")
        .doesNotContain("_getpages");
    HttpResponse<String> offset = psychiatrist.get("/fhir/Flag/_history?_count=3&_offset=2");
    assertThat(offset.statusCode()).as(offset.body()).isEqualTo(400);
  }

  @Test
  void systemHistoryAndOutsidersHistoryStayRefused() {
    assertThat(psychiatrist.get("/fhir/_history").statusCode()).isEqualTo(403);
    FhirHttp gp = anonymous().withToken(TestTokens.token(DisclosureFixture.GP_URA, "uzi-900000034", "01.015", "TREAT",
        "system/*.cruds", null));
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation + "/_history").statusCode()).isEqualTo(403);
    assertThat(gp.get("/fhir/Observation/_history").statusCode()).isEqualTo(403);
  }

  private String flag(String id, String text, boolean veryRestricted) {
    return "{\"resourceType\":\"Flag\"," + (id == null ? "" : "\"id\":\"" + id + "\",")
        + (veryRestricted ? "\"meta\":{\"security\":[{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]}," : "")
        + "\"status\":\"active\",\"code\":{\"text\":\"" + text + "\"},\"subject\":{\"reference\":\"Patient/"
        + fixture.patient + "\"}}";
  }

  private static String timesMasked(String body) {
    return body.replaceAll("\"lastUpdated\":\"[^\"]+\"", "T").replaceAll("\"lastModified\":\"[^\"]+\"", "T")
        .replaceAll("\"id\":\"[0-9a-f]{8}-[0-9a-f-]{27}\"", "ID");
  }
}
