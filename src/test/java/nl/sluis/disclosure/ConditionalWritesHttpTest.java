package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conditional writes of the organisation's own professionals (issue 18, item 2), resolved among the records they
 * may see: an EHR's idempotent sync run twice makes each record once, a match the writer may not see counts as
 * no match (it neither stops a create nor is changed or deleted), several visible matches answer 412.
 * The psychiatrist has need-to-know for the fixture's client but may not see its very restricted records.
 */
class ConditionalWritesHttpTest extends PostgresServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V = "\"meta\":{\"security\":[{\"system\":"
      + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},";
  private DisclosureFixture fixture;
  private FhirHttp psychiatrist;
  private String system;

  @BeforeEach
  void fixture() {
    fixture = new DisclosureFixture(http(), Bsns.random());
    psychiatrist = anonymous().withToken(DisclosureFixture.psychiatristToken());
    system = "urn:sluis:test:" + UUID.randomUUID();
  }

  private String observation(String value, boolean veryRestricted) {
    return "{\"resourceType\":\"Observation\"," + (veryRestricted ? V : "") + "\"identifier\":[{\"system\":\""
        + system + "\",\"value\":\"" + value + "\"}],\"status\":\"final\",\"code\":{\"text\":\"sync\"},"
        + "\"subject\":{\"reference\":\"Patient/" + fixture.patient + "\"},\"effectiveDateTime\":\"" + LocalDate.now()
        + "\",\"valueString\":\"" + value + "\"}";
  }

  private String match(String value) {
    return "identifier=" + system + "|" + value;
  }

  private String matchInUrl(String value) {
    return "identifier=" + system + "%7C" + value;
  }

  /** How many records carry the identifier value (as the trusted system, which sees all). */
  private int stored(String value) throws Exception {
    JsonNode found = JSON.readTree(http().get("/fhir/Observation?" + matchInUrl(value) + "&_count=50").body());
    return found.path("entry").size();
  }

  /** Records about the fixture's client (its own two Observations included), as the trusted system. */
  private int aboutTheClient() throws Exception {
    int count = 0;
    String next = "/fhir/Observation?subject=Patient/" + fixture.patient + "&_count=200&_elements=id";
    while (next != null) {
      JsonNode page = JSON.readTree(http().get(next).body());
      count += page.path("entry").size();
      next = null;
      for (JsonNode link : page.path("link")) {
        if ("next".equals(link.path("relation").asText())) {
          next = link.path("url").asText().replaceFirst("^https?://[^/]+", "");
        }
      }
    }
    return count;
  }

  private String version(String id) throws Exception {
    return JSON.readTree(http().get("/fhir/Observation/" + id).body()).path("meta").path("versionId").asText();
  }

  /** The target: a clinician's conditional-create sync of the same N records run twice makes N records. */
  @Test
  void aSyncRunTwiceMakesEachRecordOnce() throws Exception {
    int n = 1000;
    long started = System.nanoTime();
    for (int run = 0; run < 2; run++) {
      for (int from = 0; from < n; from += 500) {
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = from; i < Math.min(n, from + 500); i++) {
          bundle.append(i == from ? "" : ",").append("{\"fullUrl\":\"urn:uuid:").append(UUID.randomUUID())
              .append("\",\"resource\":").append(observation("r" + i, false))
              .append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\",\"ifNoneExist\":\"")
              .append(match("r" + i)).append("\"}}");
        }
        HttpResponse<String> answer = psychiatrist.post("/fhir", FHIR_JSON, bundle.append("]}").toString());
        assertThat(answer.statusCode()).as(answer.body().substring(0, Math.min(600, answer.body().length())))
            .isEqualTo(200);
        String expected = run == 0 ? "201 Created" : "200 OK";
        JsonNode entries = JSON.readTree(answer.body()).path("entry");
        assertThat(entries.size()).isEqualTo(Math.min(n, from + 500) - from);
        entries.forEach(entry -> assertThat(entry.path("response").path("status").asText()).startsWith(expected));
      }
      assertThat(aboutTheClient()).as("records after run " + (run + 1)).isEqualTo(n + 2);
      System.out.printf("conditional-create sync run %d of %d records: %.1f s%n", run + 1, n,
          (System.nanoTime() - started) / 1e9);
    }
    System.out.printf("conditional-create sync of %d records, twice: %.1f s%n", n, (System.nanoTime() - started) / 1e9);
  }

  @Test
  void aHiddenMatchDoesNotStopACreateAndIsNotChanged() throws Exception {
    String hidden = fixture.create("/fhir/Observation", observation("h", true));
    HttpResponse<String> created = psychiatrist.post("/fhir/Observation", FHIR_JSON, observation("h", false),
        "If-None-Exist", match("h"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(FhirHttp.idFromLocation(created)).isNotEqualTo(hidden);
    assertThat(stored("h")).isEqualTo(2);
    // the writer's own record is now the one visible match: a second create finds it
    HttpResponse<String> again = psychiatrist.post("/fhir/Observation", FHIR_JSON, observation("h", false),
        "If-None-Exist", match("h"));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(FhirHttp.idFromLocation(again)).isEqualTo(FhirHttp.idFromLocation(created));
    assertThat(stored("h")).isEqualTo(2);
    assertThat(version(hidden)).isEqualTo("1");
  }

  @Test
  void aConditionalUpdateWithOnlyAHiddenMatchCreatesAndOneVisibleMatchIsUpdated() throws Exception {
    String hidden = fixture.create("/fhir/Observation", observation("u", true));
    HttpResponse<String> created = psychiatrist.put("/fhir/Observation?" + matchInUrl("u"), FHIR_JSON,
        observation("u", false));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String own = FhirHttp.idFromLocation(created);
    assertThat(own).isNotEqualTo(hidden);
    assertThat(version(hidden)).isEqualTo("1");
    HttpResponse<String> updated = psychiatrist.put("/fhir/Observation?" + matchInUrl("u"), FHIR_JSON,
        observation("u", false).replace("\"final\"", "\"amended\""));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(FhirHttp.idFromLocation(updated)).isEqualTo(own);
    assertThat(version(own)).isEqualTo("2");
    assertThat(version(hidden)).isEqualTo("1");
    assertThat(stored("u")).isEqualTo(2);
    // an id in the body of a conditional update is no update-as-create by id: HAPI drops it, a new record is made
    String withHiddenId = observation("u-none", false).replace("{\"resourceType\":\"Observation\",",
        "{\"resourceType\":\"Observation\",\"id\":\"" + hidden + "\",");
    HttpResponse<String> withId = psychiatrist.put("/fhir/Observation?" + matchInUrl("u-none"), FHIR_JSON,
        withHiddenId);
    assertThat(withId.statusCode()).as(withId.body()).isEqualTo(201);
    assertThat(FhirHttp.idFromLocation(withId)).isNotEqualTo(hidden);
    assertThat(version(hidden)).isEqualTo("1");
    // in a transaction the entry is refused (it would be a create naming an id)
    HttpResponse<String> entryWithId = psychiatrist.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\","
        + "\"type\":\"transaction\",\"entry\":[{\"resource\":" + withHiddenId.replace("u-none", "u-none-2")
        + ",\"request\":{\"method\":\"PUT\",\"url\":\"Observation?" + match("u-none-2") + "\"}}]}");
    assertThat(entryWithId.statusCode()).as(entryWithId.body()).isEqualTo(400);
    assertThat(version(hidden)).isEqualTo("1");
  }

  @Test
  void severalVisibleMatchesAnswer412AndAHiddenOneDoesNotCount() throws Exception {
    fixture.create("/fhir/Observation", observation("d", false));
    fixture.create("/fhir/Observation", observation("d", false));
    assertThat(psychiatrist.post("/fhir/Observation", FHIR_JSON, observation("d", false), "If-None-Exist", match("d"))
        .statusCode()).isEqualTo(412);
    assertThat(psychiatrist.put("/fhir/Observation?" + matchInUrl("d"), FHIR_JSON, observation("d", false))
        .statusCode()).isEqualTo(412);
    assertThat(psychiatrist.delete("/fhir/Observation?" + matchInUrl("d")).statusCode()).isEqualTo(412);
    assertThat(stored("d")).isEqualTo(2);

    // one visible and two hidden matches: the visible one is the match
    String visible = fixture.create("/fhir/Observation", observation("m", false));
    fixture.create("/fhir/Observation", observation("m", true));
    fixture.create("/fhir/Observation", observation("m", true));
    HttpResponse<String> found = psychiatrist.post("/fhir/Observation", FHIR_JSON, observation("m", false),
        "If-None-Exist", match("m"));
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    assertThat(FhirHttp.idFromLocation(found)).isEqualTo(visible);
    HttpResponse<String> patched = psychiatrist.method("PATCH", "/fhir/Observation?" + matchInUrl("m"),
        "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(version(visible)).isEqualTo("2");
    assertThat(stored("m")).isEqualTo(3);
  }

  @Test
  void aConditionalDeleteOfHiddenRecordsDeletesNothing() throws Exception {
    String hidden = fixture.create("/fhir/Observation", observation("x", true));
    String other = fixture.create("/fhir/Observation", observation("x", true));
    HttpResponse<String> deleted = psychiatrist.delete("/fhir/Observation?" + matchInUrl("x"));
    HttpResponse<String> nothing = psychiatrist.delete("/fhir/Observation?" + matchInUrl("nergens"));
    assertThat(deleted.statusCode()).isEqualTo(nothing.statusCode());
    assertThat(deleted.body().replace("%7Cx\\\"", "%7C~\\\"")).isEqualTo(nothing.body()
        .replace("%7Cnergens\\\"", "%7C~\\\""));
    assertThat(http().get("/fhir/Observation/" + hidden).statusCode()).isEqualTo(200);
    assertThat(http().get("/fhir/Observation/" + other).statusCode()).isEqualTo(200);
    // in a transaction and a batch too
    for (String type : List.of("transaction", "batch")) {
      HttpResponse<String> entry = psychiatrist.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\""
          + type + "\",\"entry\":[{\"request\":{\"method\":\"DELETE\",\"url\":\"Observation?" + match("x") + "\"}}]}");
      assertThat(entry.statusCode()).as(entry.body()).isEqualTo(200);
    }
    assertThat(version(hidden)).isEqualTo("1");
    assertThat(version(other)).isEqualTo("1");
    // a patch of a hidden match answers like one of no match
    HttpResponse<String> patchHidden = psychiatrist.method("PATCH", "/fhir/Observation?" + matchInUrl("x"),
        "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]");
    HttpResponse<String> patchNothing = psychiatrist.method("PATCH", "/fhir/Observation?" + matchInUrl("nergens"),
        "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]");
    assertThat(patchHidden.statusCode()).isEqualTo(404).isEqualTo(patchNothing.statusCode());
    assertThat(patchHidden.body()).isEqualTo(patchNothing.body());
    assertThat(version(hidden)).isEqualTo("1");
    // one visible match is deleted
    String visible = fixture.create("/fhir/Observation", observation("y", false));
    fixture.create("/fhir/Observation", observation("y", true));
    assertThat(psychiatrist.delete("/fhir/Observation?" + matchInUrl("y")).statusCode()).isBetween(200, 204);
    assertThat(http().get("/fhir/Observation/" + visible).statusCode()).isEqualTo(410);
    assertThat(stored("y")).isEqualTo(1);
  }

  @Test
  void transactionAndBatchEntriesResolveAmongVisibleRecords() throws Exception {
    for (String type : List.of("transaction", "batch")) {
      String value = type + "-c";
      String hidden = fixture.create("/fhir/Observation", observation(value, true));
      String create = "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{\"resource\":"
          + observation(value, false) + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\",\"ifNoneExist\":\""
          + match(value) + "\"}}]}";
      HttpResponse<String> created = psychiatrist.post("/fhir", FHIR_JSON, create);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      assertThat(created.body()).as(type).contains("201 Created");
      assertThat(stored(value)).isEqualTo(2);
      HttpResponse<String> again = psychiatrist.post("/fhir", FHIR_JSON, create);
      assertThat(again.body()).as(type).contains("200 OK");
      assertThat(stored(value)).isEqualTo(2);

      value = type + "-p";
      String hiddenP = fixture.create("/fhir/Observation", observation(value, true));
      String put = "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{\"resource\":"
          + observation(value, false) + ",\"request\":{\"method\":\"PUT\",\"url\":\"Observation?" + match(value)
          + "\"}}]}";
      HttpResponse<String> put1 = psychiatrist.post("/fhir", FHIR_JSON, put);
      assertThat(put1.statusCode()).as(put1.body()).isEqualTo(200);
      assertThat(put1.body()).as(type).contains("201 Created");
      HttpResponse<String> put2 = psychiatrist.post("/fhir", FHIR_JSON, put);
      assertThat(put2.body()).as(type).contains("200 OK");
      assertThat(version(hidden)).isEqualTo("1");
      assertThat(version(hiddenP)).isEqualTo("1");
      assertThat(stored(value)).isEqualTo(2);
    }
  }

  /** _has and chains in a match URL would let a visible match tell about hidden records: refused, as in searches. */
  @Test
  void matchUrlsWithHasOrChainsAreRefused() {
    HttpResponse<String> has = psychiatrist.post("/fhir/Patient", FHIR_JSON, "{\"resourceType\":\"Patient\"}",
        "If-None-Exist", "_has:Observation:subject:code:text=zorgsignaal");
    assertThat(has.statusCode()).as(has.body()).isEqualTo(400);
    HttpResponse<String> chain = psychiatrist.delete("/fhir/Observation?subject.name=" + fixture.marker);
    assertThat(chain.statusCode()).as(chain.body()).isEqualTo(400);
    HttpResponse<String> entry = psychiatrist.post("/fhir", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":"
        + "\"transaction\",\"entry\":[{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient?_has:Observation:"
        + "subject:code:text=zorgsignaal\"}}]}");
    assertThat(entry.statusCode()).as(entry.body()).isEqualTo(400);
    assertThat(http().get("/fhir/Patient/" + fixture.patient).statusCode()).isEqualTo(200);
  }

  /** A broad match URL would make the candidate bound an oracle: only identifier values and _id are matched on. */
  @Test
  void matchUrlsWithoutAnIdentifierValueAreRefused() {
    for (String match : List.of("code:text=probe", "subject=Patient/" + fixture.patient, "identifier=" + system + "|",
        "identifier:not=" + system + "|x", "status=final&_lastUpdated=gt2000-01-01")) {
      HttpResponse<String> create = psychiatrist.post("/fhir/Observation", FHIR_JSON, observation("b", false),
          "If-None-Exist", match);
      assertThat(create.statusCode()).as(match + ": " + create.body()).isEqualTo(400);
      assertThat(create.body()).contains("identifier value");
    }
    HttpResponse<String> delete = psychiatrist.delete("/fhir/Observation?status=final");
    assertThat(delete.statusCode()).as(delete.body()).isEqualTo(400);
    HttpResponse<String> update = psychiatrist.put("/fhir/Observation?code:text=probe", FHIR_JSON,
        observation("b", false));
    assertThat(update.statusCode()).as(update.body()).isEqualTo(400);
  }

  @Test
  void outsidersStillMayNotWrite() {
    FhirHttp gp = anonymous().withToken(TestTokens.token(DisclosureFixture.GP_URA, "uzi-900000034", "01.015", "TREAT",
        "system/*.cruds", null));
    assertThat(gp.post("/fhir/Observation", FHIR_JSON, observation("o", false), "If-None-Exist", match("o"))
        .statusCode()).isEqualTo(403);
    assertThat(gp.delete("/fhir/Observation?" + matchInUrl("o")).statusCode()).isEqualTo(403);
  }
}
