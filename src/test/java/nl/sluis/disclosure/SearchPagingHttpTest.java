package nl.sluis.disclosure;

import static nl.sluis.disclosure.DisclosureFixture.GP_URA;
import static nl.sluis.disclosure.DisclosureFixture.STRANGER_URA;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Paging for restricted requesters (issue 13 item 3): a search is filtered before it is paged, so every
 * page is full until the visible matches run out, a {@code next} link exists only when more visible matches
 * exist, no total appears, and a client whose records are all hidden answers exactly like a client that does
 * not exist — whatever the page size, the page offset a client makes up, or the includes asked for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPagingHttpTest extends PostgresServerTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String MISSING = "987654321";
  private static final String VERY_RESTRICTED = "_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality%7CV";
  /**
   * More hidden matches than HAPI loads in one batch (250 rows): from there on its stored total counted hidden
   * matches, and its next links with it.
   */
  private static final int HIDDEN = 300;
  private final String marker = "Pagina" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  /** No ground for the GP; very restricted records an internal professional outside the care team may not see. */
  private String hidden;
  /** The GP may receive this client's Observations (the client's consent). */
  private String consenting;
  private final Set<String> visibleToGp = new HashSet<>();
  private final Set<String> visibleToColleague = new HashSet<>();
  private FhirHttp gp;
  private FhirHttp stranger;
  private FhirHttp colleague;

  @BeforeAll
  void createClients() {
    gp = anonymous().withToken(TestTokens.token(GP_URA, "uzi-900000015", "01.015", "TREAT", "system/*.rs", null));
    stranger = anonymous().withToken(DisclosureFixture.strangerToken());
    // the dev policy gives psychiatrists (01.035) need-to-know of ordinary records, not of very restricted ones
    colleague = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000031", "01.035", "TREAT",
        "user/*.rs", "Practitioner/buiten-het-team"));
    // the hidden records first: they are the first matches of an unsorted search
    hidden = create("/fhir/Patient", DisclosureFixture.patient(null, marker + "Verborgen", LocalDate.now().minusYears(40)));
    for (int i = 0; i < HIDDEN; i += 100) {
      observations(hidden, 100, true);
    }
    List<String> ordinary = observations(hidden, 25, false);
    visibleToColleague.addAll(ordinary);
    consenting = create("/fhir/Patient", DisclosureFixture.patient(null, marker + "Gedeeld", LocalDate.now().minusYears(17)));
    visibleToGp.addAll(observations(consenting, 30, false));
    visibleToColleague.addAll(visibleToGp);
    create("/fhir/Consent", DisclosureFixture.consentForGp(consenting, "active", DisclosureFixture.classes("Observation")));
  }

  /** An external organisation without a ground: a client with many records answers like a missing client. */
  @Test
  void aHiddenClientsRecordsPageLikeAMissingClients() {
    for (String count : List.of("&_count=10", "", "&_count=1", "&_count=200")) {
      assertHiddenLikeMissing(gp, "Observation?subject=Patient/%s" + count, hidden);
    }
    assertHiddenLikeMissing(gp, "Observation?patient=%s&_sort=-date&_count=10", hidden);
    assertHiddenLikeMissing(stranger, "Observation?subject=Patient/%s&_count=10", hidden);
  }

  /** An internal professional outside the care team: very restricted records page like missing ones. */
  @Test
  void veryRestrictedRecordsPageLikeMissingOnesForInternalUsers() {
    assertHiddenLikeMissing(colleague, "Observation?subject=Patient/%s&" + VERY_RESTRICTED + "&_count=10", hidden);
    assertHiddenLikeMissing(colleague, "Observation?subject=Patient/%s&value-string=" + marker + "&"
        + VERY_RESTRICTED, hidden);
  }

  /** Some matches visible, many hidden: full pages of visible matches, and a next link only while more exist. */
  @Test
  void mixedMatchesFillEveryPage() {
    for (int count : List.of(10, 7, 30)) {
      assertPagesOf(gp, "Observation?value-string=" + marker + "&_count=" + count, count, visibleToGp);
    }
    assertPagesOf(gp, "Observation?value-string=" + marker, 20, visibleToGp);
    assertPagesOf(colleague, "Observation?value-string=" + marker + "&_count=10", 10, visibleToColleague);
    assertPagesOf(colleague, "Observation?value-string=" + marker + "&_count=55", 55, visibleToColleague);
  }

  @Test
  void includesNeitherRevealNorUnbalancePages() {
    List<Bundle> pages = assertPagesOf(gp, "Observation?value-string=" + marker + "&_count=10"
        + "&_include=Observation:subject&_revinclude=Observation:derived-from", 10, visibleToGp);
    for (Bundle page : pages) {
      assertThat(page.getEntry()).allMatch(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH);
    }
    assertHiddenLikeMissing(gp, "Observation?subject=Patient/%s&_include=Observation:subject&_count=10", hidden);
    assertHiddenLikeMissing(gp, "Patient?_id=%s&_revinclude=Observation:subject&_count=10", hidden);
  }

  /**
   * {@code _summary=count} and {@code _total=accurate} count the visible matches only: 30 of the marker's 355
   * matches for the GP (300 hidden ones come first, more than one of HAPI's batches), 55 for the colleague.
   */
  @Test
  void countsAreOfVisibleMatchesOnly() {
    String matches = "Observation?value-string=" + marker;
    assertThat(countOnly(gp, matches)).isEqualTo(visibleToGp.size());
    assertThat(bundle(gp.get("/fhir/" + matches + "&_summary=count")).getLink("self").getUrl())
        .as("a count's self link names the query as asked").contains("_summary=count").doesNotContain("_count=1");
    assertThat(countOnly(colleague, matches)).isEqualTo(visibleToColleague.size());
    assertThat(countOnly(colleague, matches + "&" + VERY_RESTRICTED)).isZero();
    assertThat(countOnly(http(), matches)).as("a trusted system: HAPI's own count").isEqualTo(HIDDEN + 25 + 30);

    Bundle first = bundle(gp.get("/fhir/" + matches + "&_total=accurate&_count=7"));
    assertThat(first.getTotal()).isEqualTo(visibleToGp.size());
    assertThat(first.getEntry()).hasSize(7)
        .allSatisfy(entry -> assertThat(visibleToGp).contains(entry.getResource().getIdElement().getIdPart()));
    assertThat(first.getLink("next")).isNotNull();
    assertThat(first.getLink("self").getUrl()).as("the self link names the query as asked, the total included")
        .contains("_total=accurate").contains("_count=7").contains("value-string=");
    HttpResponse<String> posted = gp.post("/fhir/Observation/_search", "application/x-www-form-urlencoded",
        "value-string=" + marker + "&_total=accurate&_count=7");
    Bundle postedFirst = bundle(posted);
    assertThat(postedFirst.getTotal()).as("POST _search: " + posted.body()).isEqualTo(visibleToGp.size());
    assertThat(postedFirst.getLink("self").getUrl()).as("POST _search: the self link names the form's query")
        .contains("_total=accurate").contains("value-string=").doesNotContain("localhost:1/");
    Bundle withInclude = bundle(gp.get("/fhir/" + matches + "&_total=accurate&_include=Observation:subject"));
    assertThat(withInclude.getTotal()).as("included resources are not counted").isEqualTo(visibleToGp.size());

    for (String total : List.of("none", "estimate")) {
      Bundle page = bundle(gp.get("/fhir/" + matches + "&_total=" + total + "&_count=7"));
      assertThat(page.hasTotal()).as("_total=" + total + ": no total").isFalse();
      assertThat(page.getEntry()).hasSize(7);
    }
    for (String refused : List.of("&_total=bogus", "&_total=accurate&_total=none")) {
      HttpResponse<String> response = gp.get("/fhir/" + matches + refused);
      assertThat(response.statusCode()).as(refused + ": " + response.body()).isEqualTo(400);
      assertThat(response.body()).contains("_total must be");
    }
  }

  /** A hidden client counts as a missing one: 0, byte for byte the same answer. */
  @Test
  void aHiddenClientCountsLikeAMissingOne() {
    for (String query : List.of("Observation?subject=Patient/%s&_summary=count",
        "Observation?patient=%s&_summary=count&_count=50", "Observation?subject=Patient/%s&_total=accurate")) {
      HttpResponse<String> ofHidden = gp.get("/fhir/" + query.replace("%s", hidden));
      HttpResponse<String> ofMissing = gp.get("/fhir/" + query.replace("%s", MISSING));
      assertThat(ofHidden.statusCode()).as(query + ": " + ofHidden.body()).isEqualTo(200);
      assertThat(masked(ofHidden.body()).replace(hidden, "CLIENT"))
          .as(query).isEqualTo(masked(ofMissing.body()).replace(MISSING, "CLIENT"));
      assertThat(bundle(ofHidden).getTotal()).isZero();
    }
    String veryRestricted = "Observation?subject=Patient/%s&" + VERY_RESTRICTED + "&_summary=count";
    assertThat(masked(colleague.get("/fhir/" + veryRestricted.replace("%s", hidden)).body()).replace(hidden, "CLIENT"))
        .isEqualTo(masked(colleague.get("/fhir/" + veryRestricted.replace("%s", MISSING)).body())
            .replace(MISSING, "CLIENT"));
    HttpResponse<String> count = gp.get("/fhir/Observation?subject=Patient/" + consenting + "&_summary=count");
    assertThat(bundle(count).getTotal()).isEqualTo(visibleToGp.size());
    assertThat(count.body()).doesNotContain("\"entry\"").doesNotContain("\"next\"").contains("_summary=count");
  }

  /** Counts inside a batch entry, on a page link or of the audit trail stay refused (400), for hidden and missing alike. */
  @Test
  void countsOutsideAnOwnSearchAreRefused() {
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?subject=Patient/%s&_summary=count\"}}]}";
    for (String client : List.of(consenting, hidden, MISSING)) {
      HttpResponse<String> response = gp.post("/fhir", FHIR_JSON, String.format(batch, client));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(response.body()).contains("only a search of its own counts");
    }
    String next = bundle(gp.get("/fhir/Observation?value-string=" + marker + "&_count=10")).getLink("next").getUrl();
    HttpResponse<String> page = gp.get(next.substring(next.indexOf("/fhir")) + "&_total=accurate");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
  }

  private static int countOnly(FhirHttp requester, String query) {
    HttpResponse<String> response = requester.get("/fhir/" + query + "&_summary=count");
    assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
    Bundle count = bundle(response);
    assertThat(count.getEntry()).as(query).isEmpty();
    assertThat(count.getLink("next")).as(query).isNull();
    assertThat(count.hasTotal()).as(query).isTrue();
    return count.getTotal();
  }

  /** The audit trail about a client is client data too: hidden AuditEvents page like a missing client's. */
  @Test
  void auditEventsOfAHiddenClientPageLikeAMissingClients() {
    // every refused read of the hidden client's records is an AuditEvent about that client
    String observation = firstObservationOf(hidden);
    java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> reads = new ArrayList<>();
      for (int i = 0; i < HIDDEN; i++) {
        reads.add(readers.submit(() -> stranger.get("/fhir/Observation/" + observation).statusCode()));
      }
      for (java.util.concurrent.Future<Integer> read : reads) {
        assertThat(read.get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(404);
      }
    } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      readers.shutdownNow();
    }
    assertThat(entries(http().get("/fhir/AuditEvent?patient=Patient/" + hidden + "&_count=200&_elements=id")))
        .as("the AuditEvents exist").hasSize(200);
    assertHiddenLikeMissing(gp, "AuditEvent?patient=Patient/%s&_count=10", hidden);
    assertHiddenLikeMissing(gp, "AuditEvent?patient=Patient/%s", hidden);
  }

  /** Page links a client edits: any offset or page size answers without an error and without hidden data. */
  @Test
  void editedPageLinksRevealNothing() {
    Bundle first = bundle(gp.get("/fhir/Observation?value-string=" + marker + "&_count=10"));
    String next = first.getLink("next").getUrl();
    String path = next.substring(next.indexOf("/fhir"));
    List<String> afterTheEnd = new ArrayList<>();
    for (String offset : List.of("30", "31", "45", "200", "329", "330", "331", "1000", "2147483637", "2147483647")) {
      HttpResponse<String> page = gp.get(path.replaceAll("_getpagesoffset=\\d+", "_getpagesoffset=" + offset));
      assertThat(page.statusCode()).as(offset + ": " + page.body()).isEqualTo(200);
      Bundle bundle = bundle(page);
      assertThat(bundle.getEntry()).as("offset " + offset).isEmpty();
      assertThat(bundle.getLink("next")).as("offset " + offset).isNull();
      assertThat(bundle.hasTotal()).isFalse();
      afterTheEnd.add(masked(page.body()).replaceAll("_getpagesoffset=\\d+", "_getpagesoffset=N"));
    }
    assertThat(new HashSet<>(afterTheEnd)).as("every offset after the last visible match answers alike").hasSize(1);
    for (String offset : List.of("-1", "-100", "99999999999", "x", "")) {
      HttpResponse<String> page = gp.get(path.replaceAll("_getpagesoffset=\\d+", "_getpagesoffset=" + offset));
      assertThat(page.statusCode()).as(offset + ": " + page.body()).isNotEqualTo(500).isLessThan(500);
      assertOnlyVisible(page, visibleToGp);
    }
    for (String count : List.of("0", "-1", "1000", "99999999999", "x")) {
      HttpResponse<String> page = gp.get(path.replaceAll("_count=\\d+", "_count=" + count));
      assertThat(page.statusCode()).as(count + ": " + page.body()).isLessThan(500);
      assertOnlyVisible(page, visibleToGp);
    }
  }

  /** Synchronous searches cut the matches before filtering: not for restricted requesters. */
  @Test
  void synchronousSearchesAreRefused() {
    for (String query : List.of("Observation?value-string=" + marker + "&_offset=0&_count=10",
        "Observation?value-string=" + marker + "&_offset=10")) {
      HttpResponse<String> response = gp.get("/fhir/" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.body()).contains("_offset is not available");
    }
    HttpResponse<String> noStore = gp.get("/fhir/Observation?value-string=" + marker, "Cache-Control", "no-store");
    assertThat(noStore.statusCode()).isEqualTo(400);
    assertThat(http().get("/fhir/Observation?value-string=" + marker + "&_offset=0&_count=10").statusCode())
        .as("trusted systems may").isEqualTo(200);
  }

  /** The same synchronous searches inside a batch (HAPI runs its entries without the request hooks). */
  @Test
  void synchronousSearchesInABatchAreRefused() {
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"%s\"}}]}";
    for (String query : List.of("Observation?value-string=" + marker + "&_offset=0&_count=10",
        "Observation?value-string=" + marker + "&_offset=10", "Patient/" + consenting + "/$everything?_offset=5")) {
      HttpResponse<String> response = gp.post("/fhir", FHIR_JSON, String.format(batch, query));
      assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
      assertThat(response.body()).contains("_offset is not available");
    }
    String plain = String.format(batch, "Observation?value-string=" + marker + "&_count=10");
    HttpResponse<String> noStore = gp.post("/fhir", FHIR_JSON, plain, "Cache-Control", "no-store");
    assertThat(noStore.statusCode()).as(noStore.body()).isEqualTo(400);
    assertThat(gp.post("/fhir", FHIR_JSON, plain).statusCode()).isEqualTo(200);
  }

  /** A page link inside a batch: HAPI would serve it without checking whose search made it. */
  @Test
  void pageLinksInABatchAreRefused() {
    String next = bundle(gp.get("/fhir/Observation?value-string=" + marker + "&_count=10")).getLink("next").getUrl();
    String page = next.substring(next.indexOf("?"));
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"" + page + "\"}}]}";
    for (FhirHttp requester : List.of(gp, stranger)) {
      HttpResponse<String> response = requester.post("/fhir", FHIR_JSON, batch);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(response.body()).contains("next links");
    }
  }

  /** A search in a batch: the hidden client's answer equals the missing client's. */
  @Test
  void batchSearchesPageLikeMissing() {
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?subject=Patient/%s&_count=10\"}}]}";
    HttpResponse<String> ofHidden = gp.post("/fhir", FHIR_JSON, String.format(batch, hidden));
    HttpResponse<String> ofMissing = gp.post("/fhir", FHIR_JSON, String.format(batch, MISSING));
    assertThat(ofHidden.statusCode()).as(ofHidden.body()).isEqualTo(200);
    assertThat(masked(ofHidden.body()).replace(hidden, "CLIENT"))
        .isEqualTo(masked(ofMissing.body()).replace(MISSING, "CLIENT"));
    assertThat(ofHidden.body()).doesNotContain("\"next\"");
  }

  /**
   * Not an assertion: the cost of honest paging, printed for docs/benchmarks-style comparison between builds
   * (run this class before and after a change; the machine's load moves the absolute figures). A measurement, not
   * a test (240 searches, most of {@code mvn verify}'s time in this class, and every status it checks is asserted
   * above): skipped unless asked for, {@code mvn -o test -Dtest=SearchPagingHttpTest -Dsluis.timing=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "sluis.timing", matches = "true",
      disabledReason = "a measurement, not a test: run with -Dsluis.timing=true")
  void timingOfCommonSearches() {
    String consented = "/fhir/Observation?subject=Patient/" + consenting + "&_count=10";
    String mixed = "/fhir/Observation?value-string=" + marker + "&_count=10";
    for (int round = 0; round < 2; round++) { // the first round warms up
      long gpConsented = millis(gp, consented);
      long gpMixed = millis(gp, mixed);
      long trusted = millis(http(), consented);
      org.slf4j.LoggerFactory.getLogger(SearchPagingHttpTest.class).info(
          "TIMING round {}: 40 searches each, ms total: external org, consented client's Observations {}; "
              + "external org, mixed visible/hidden {}; trusted system {}", round, gpConsented, gpMixed, trusted);
    }
  }

  private static long millis(FhirHttp requester, String path) {
    long start = System.nanoTime();
    for (int i = 0; i < 40; i++) {
      assertThat(requester.get(path).statusCode()).isEqualTo(200);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  // --- helpers ---

  private void assertHiddenLikeMissing(FhirHttp requester, String query, String client) {
    HttpResponse<String> ofHidden = requester.get("/fhir/" + query.replace("%s", client));
    HttpResponse<String> ofMissing = requester.get("/fhir/" + query.replace("%s", MISSING));
    assertThat(ofHidden.statusCode()).as(query + ": " + ofHidden.body()).isEqualTo(ofMissing.statusCode());
    assertThat(masked(ofHidden.body()).replace(client, "CLIENT"))
        .as(query).isEqualTo(masked(ofMissing.body()).replace(MISSING, "CLIENT"));
    assertThat(ofHidden.body()).doesNotContain("\"entry\"").doesNotContain("\"next\"").doesNotContain("\"total\"");
  }

  /**
   * Follows the next links: every page but the last holds exactly {@code count} matches, all visible, the last
   * page has no next link, and together they are exactly the visible matches.
   */
  private List<Bundle> assertPagesOf(FhirHttp requester, String query, int count, Set<String> visible) {
    List<Bundle> pages = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    HttpResponse<String> response = requester.get("/fhir/" + query);
    while (true) {
      assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
      Bundle page = bundle(response);
      pages.add(page);
      assertThat(page.hasTotal()).as("no total for a restricted requester").isFalse();
      List<String> matches = page.getEntry().stream()
          .filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
          .map(e -> e.getResource().getIdElement().getIdPart()).toList();
      seen.addAll(matches);
      assertThat(visible).as(query + " page " + pages.size()).containsAll(matches);
      boolean more = seen.size() < visible.size();
      assertThat(matches).as(query + " page " + pages.size()).hasSize(more ? count : visible.size() - (seen.size() - matches.size()));
      if (!more) {
        assertThat(page.getLink("next")).as(query + ": no next link after the last visible match").isNull();
        break;
      }
      assertThat(page.getLink("next")).as(query + " page " + pages.size() + " has a next link").isNotNull();
      assertThat(pages).as(query + ": too many pages").hasSizeLessThan(visible.size() + 2);
      String next = page.getLink("next").getUrl();
      response = requester.get(next.substring(next.indexOf("/fhir")));
    }
    assertThat(seen).as(query).doesNotHaveDuplicates().hasSameSizeAs(visible);
    return pages;
  }

  private void assertOnlyVisible(HttpResponse<String> response, Set<String> visible) {
    if (response.statusCode() != 200) {
      assertThat(response.body()).doesNotContain("\"entry\"");
      return;
    }
    for (Bundle.BundleEntryComponent entry : bundle(response).getEntry()) {
      assertThat(visible).contains(entry.getResource().getIdElement().getIdPart());
    }
    assertThat(bundle(response).hasTotal()).isFalse();
  }

  /** The response without what differs between any two requests: ids of searches and bundles, and times. */
  private static String masked(String body) {
    return body.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID")
        .replaceAll("\"lastUpdated\":\"[^\"]+\"", "\"lastUpdated\":\"T\"");
  }

  private static Bundle bundle(HttpResponse<String> response) {
    return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
  }

  private static List<Bundle.BundleEntryComponent> entries(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return bundle(response).getEntry();
  }

  private String firstObservationOf(String client) {
    return entries(http().get("/fhir/Observation?subject=Patient/" + client + "&_count=1")).get(0)
        .getResource().getIdElement().getIdPart();
  }

  private String create(String path, String body) {
    HttpResponse<String> response = http().post(path, FHIR_JSON, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }

  /** Stores {@code n} Observations about a client in one transaction (as the trusted system); their ids. */
  private List<String> observations(String client, int n, boolean veryRestricted) {
    StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < n; i++) {
      bundle.append(i == 0 ? "" : ",").append("{\"resource\":")
          .append(DisclosureFixture.observation(client, marker, veryRestricted))
          .append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
    }
    HttpResponse<String> response = http().post("/fhir", FHIR_JSON, bundle.append("]}").toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return bundle(response).getEntry().stream()
        .map(e -> e.getResponse().getLocation().replaceAll("^Observation/([^/]+)/.*$", "$1")).toList();
  }
}
