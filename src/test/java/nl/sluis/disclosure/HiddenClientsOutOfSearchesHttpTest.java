package nl.sluis.disclosure;

import static nl.sluis.disclosure.DisclosureFixture.GP_URA;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13, filter in the query: a restricted requester's search naming a client of whom nothing may be disclosed to
 * it answers exactly like a search for a client that does not exist, and HAPI no longer loads that client's records
 * to decide them one by one (observed at {@code STORAGE_PREACCESS_RESOURCES}, where every loaded row passes before
 * it is decided). Clients with a permit are answered as before; a revoked consent counts from the next request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HiddenClientsOutOfSearchesHttpTest extends PostgresServerTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String MISSING = "987654321";
  private static final int HIDDEN = 300;
  private final String marker = "Voorfilter" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  /** 300 Observations; the GP has no ground. */
  private String hidden;
  /** 30 Observations; the client's consent lets the GP receive Observations. */
  private String consenting;
  private FhirHttp gp;
  /** Loaded rows per client (the Observations' subject), as they pass STORAGE_PREACCESS_RESOURCES. */
  private final Map<String, AtomicInteger> loaded = new ConcurrentHashMap<>();
  private final LoadedRows counter = new LoadedRows();

  @Autowired IInterceptorService storageInterceptors;
  @Autowired RestfulServer server;

  @Interceptor
  public class LoadedRows {
    @Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
    public void count(IPreResourceAccessDetails details) {
      for (int i = 0; i < details.size(); i++) {
        IBaseResource resource = details.getResource(i);
        org.hl7.fhir.r4.model.Reference subject = resource instanceof Observation observation ? observation.getSubject()
            : resource instanceof MedicationStatement statement ? statement.getSubject() : null;
        if (subject != null && subject.hasReference()) {
          loaded.computeIfAbsent(subject.getReferenceElement().getIdPart(), k -> new AtomicInteger()).incrementAndGet();
        }
      }
    }
  }

  @BeforeAll
  void createClients() {
    gp = anonymous().withToken(TestTokens.token(GP_URA, "uzi-900000015", "01.015", "TREAT", "system/*.rs", null));
    hidden = create("/fhir/Patient", DisclosureFixture.patient(null, marker + "Verborgen", LocalDate.now().minusYears(40)));
    for (int i = 0; i < HIDDEN; i += 100) {
      observations(hidden, 100);
    }
    consenting = create("/fhir/Patient", DisclosureFixture.patient(null, marker + "Gedeeld", LocalDate.now().minusYears(30)));
    observations(consenting, 30);
    create("/fhir/Consent", DisclosureFixture.consentForGp(consenting, "active", DisclosureFixture.classes("Observation")));
    for (int i = 0; i < 3; i++) {
      create("/fhir/MedicationStatement", DisclosureFixture.medicationStatement(consenting, marker + i));
    }
    storageInterceptors.registerInterceptor(counter);
    // the server reads the parties named by the Consents and CareTeams stored before it started once, in the background
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!new ClientParties(dataSource).complete() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @AfterAll
  void removeCounter() {
    storageInterceptors.unregisterInterceptor(counter);
  }

  @BeforeEach
  void resetCounter() {
    loaded.clear();
  }

  @Test
  void aHiddenClientsSearchAnswersLikeAMissingClientsWithoutLoadingItsRecords() {
    for (String query : List.of("Observation?subject=Patient/%s&_count=10", "Observation?subject=Patient/%s",
        "Observation?patient=%s&_sort=-date&_count=10", "Observation?subject:Patient=%s&_count=200",
        "Observation?patient=Patient/%s&_include=Observation:subject",
        "Observation?subject=Patient/%s&value-string=" + marker + "&_elements=id",
        "Patient?_id=%s&_revinclude=Observation:subject&_count=10", "Patient/%s/Observation")) {
      assertHiddenLikeMissing(query);
    }
    // POST _search
    HttpResponse<String> ofHidden = gp.post("/fhir/Observation/_search", "application/x-www-form-urlencoded",
        "subject=Patient/" + hidden + "&_count=10");
    HttpResponse<String> ofMissing = gp.post("/fhir/Observation/_search", "application/x-www-form-urlencoded",
        "subject=Patient/" + MISSING + "&_count=10");
    assertThat(masked(ofHidden.body()).replace(hidden, "CLIENT")).isEqualTo(masked(ofMissing.body()).replace(MISSING, "CLIENT"));
    assertThat(loadedOf(hidden)).as("rows of the hidden client loaded").isZero();
  }

  @Test
  void inABatchToo() {
    String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?subject=Patient/%1$s&_count=10\"}},"
        + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?patient=%1$s&_include=Observation:subject\"}}]}";
    HttpResponse<String> ofHidden = gp.post("/fhir", FHIR_JSON, String.format(batch, hidden));
    HttpResponse<String> ofMissing = gp.post("/fhir", FHIR_JSON, String.format(batch, MISSING));
    assertThat(ofHidden.statusCode()).as(ofHidden.body()).isEqualTo(200);
    assertThat(masked(ofHidden.body()).replace(hidden, "CLIENT"))
        .isEqualTo(masked(ofMissing.body()).replace(MISSING, "CLIENT"));
    assertThat(loadedOf(hidden)).isZero();
  }

  /**
   * The control: without the narrowing the same search loads the hidden client's rows (so the counter sees what it
   * should) and answers the same bytes; both write one AuditEvent of the denial (with the narrowing: of the client
   * left out), so the attempt stays in the client's trail either way.
   */
  @Test
  void withoutTheNarrowingTheRowsAreLoadedAndTheAnswerIsTheSame() {
    String query = "Observation?subject=Patient/%s&_count=10";
    int auditedBefore = auditEventsAbout(hidden);
    String narrowed = masked(gp.get("/fhir/" + query.formatted(hidden)).body());
    assertThat(loadedOf(hidden)).isZero();
    assertThat(auditEventsAbout(hidden)).as("the refused attempt audited").isEqualTo(auditedBefore + 1);
    Object narrowing = server.getInterceptorService().getAllRegisteredInterceptors().stream()
        .filter(HiddenClientsOutOfSearches.class::isInstance).findFirst().orElseThrow();
    server.getInterceptorService().unregisterInterceptor(narrowing);
    try {
      String unnarrowed = masked(gp.get("/fhir/" + query.formatted(hidden)).body());
      assertThat(unnarrowed).isEqualTo(narrowed);
      assertThat(loadedOf(hidden)).as("rows loaded and decided without the narrowing").isGreaterThanOrEqualTo(HIDDEN);
      assertThat(auditEventsAbout(hidden)).as("the denials audited").isEqualTo(auditedBefore + 2);
    } finally {
      server.getInterceptorService().registerInterceptor(narrowing);
    }
  }

  @Test
  void aClientWithAPermitIsAnsweredWithItsRecords() {
    assertThat(matchesOf(gp, "Observation?subject=Patient/" + consenting + "&_count=100")).hasSize(30);
    assertThat(matchesOf(gp, "Observation?patient=" + consenting + "&_count=100")).hasSize(30);
    // one hidden and one permitted client in one search: the permitted one's records, the hidden one's not loaded
    loaded.clear();
    assertThat(matchesOf(gp, "Observation?subject=Patient/" + hidden + ",Patient/" + consenting + "&_count=100"))
        .hasSize(30);
    assertThat(loadedOf(hidden)).isZero();
    assertThat(loadedOf(consenting)).isEqualTo(30);
    // trusted systems are not narrowed
    loaded.clear();
    assertThat(matchesOf(http(), "Observation?subject=Patient/" + hidden + "&_count=5")).hasSize(5);
    assertThat(loadedOf(hidden)).isPositive();
  }

  /** The client's consent covers Observations only: its MedicationStatements are searched like a missing client's. */
  @Test
  void aClientWithAPermitForOtherTypesOnlyIsLeftOutOfASearchOfThisType() {
    String query = "MedicationStatement?subject=Patient/%s&_count=10";
    HttpResponse<String> ofClient = gp.get("/fhir/" + query.formatted(consenting));
    HttpResponse<String> ofMissing = gp.get("/fhir/" + query.formatted(MISSING));
    assertThat(masked(ofClient.body()).replace(consenting, "CLIENT"))
        .isEqualTo(masked(ofMissing.body()).replace(MISSING, "CLIENT"));
    assertThat(loadedOf(consenting)).isZero();
    assertThat(matchesOf(http(), query.formatted(consenting))).as("they exist").hasSize(3);
  }

  @Test
  void aRevokedConsentCountsFromTheNextRequest() {
    String client = create("/fhir/Patient", DisclosureFixture.patient(null, marker + "Herroepen", LocalDate.now().minusYears(25)));
    String consent = observationsSharedWithTheGp(client, 5);
    String query = "Observation?subject=Patient/%s&_count=10";
    assertThat(matchesOf(gp, query.formatted(client))).hasSize(5);
    HttpResponse<String> revoked = http().put("/fhir/Consent/" + consent, FHIR_JSON,
        DisclosureFixture.consentForGp(client, "inactive", DisclosureFixture.classes("Observation"))
            .replaceFirst("\\{", "{\"id\":\"" + consent + "\","));
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    loaded.clear();
    HttpResponse<String> ofClient = gp.get("/fhir/" + query.formatted(client));
    HttpResponse<String> ofMissing = gp.get("/fhir/" + query.formatted(MISSING));
    assertThat(masked(ofClient.body()).replace(client, "CLIENT")).isEqualTo(masked(ofMissing.body()).replace(MISSING, "CLIENT"));
    assertThat(loadedOf(client)).as("left out of the query at once").isZero();
  }

  /**
   * A search that names no client looks only at the clients whose Consents name the requester as recipient: the
   * consent written just before counts at once, and no row of any other client is loaded.
   */
  @Test
  void aSearchNamingNoClientLoadsOnlyTheClientsWhoseConsentsNameTheRequester() {
    String ura = freshUra();
    FhirHttp named = external(ura);
    String client = create("/fhir/Patient", DisclosureFixture.patient(null, marker + "Genoemd", LocalDate.now().minusYears(35)));
    observations(client, 5);
    create("/fhir/Consent", DisclosureFixture.consentForGp(client, "active", DisclosureFixture.classes("Observation"))
        .replace(GP_URA, ura));
    for (String query : List.of("Observation?value-string=%s&_count=100", "Observation?value-string=%s&_count=2",
        "Observation?code:text=%s&_sort=-date")) {
      loaded.clear();
      Set<String> matches = matchesOf(named, query.formatted(marker));
      assertThat(matches).as(query).hasSize(query.contains("_count=2") ? 2 : 5);
      assertThat(loadedOf(hidden)).as(query + ": rows of a client that names another recipient").isZero();
      assertThat(loadedOf(consenting)).as(query + ": rows of a client that names the GP").isZero();
    }
    assertThat(matchesOf(gp, "Observation?value-string=" + marker + "&_count=100"))
        .as("the GP's search: the client that named the GP, nothing of this one").hasSize(30);
  }

  /**
   * A record that names its client only outside {@code subject} ({@code focus}, or as {@code performer}) is about that
   * client: a search naming no client, limited to the requester's clients on Sluis's {@code client} parameter, finds it
   * as it finds one naming the client in {@code subject}. Before, the limit was on {@code patient} and missed them.
   */
  @Test
  void aLimitedSearchFindsRecordsThatNameTheirClientOutsideSubject() {
    String ura = freshUra();
    FhirHttp named = external(ura);
    String text = marker + "Elders";
    String client = create("/fhir/Patient", DisclosureFixture.patient(null, text, LocalDate.now().minusYears(33)));
    create("/fhir/Consent", DisclosureFixture.consentForGp(client, "active", DisclosureFixture.classes("Observation"))
        .replace(GP_URA, ura));
    String subject = "\"subject\":{\"reference\":\"Patient/" + client + "\"}";
    String inSubject = create("/fhir/Observation", DisclosureFixture.observation(client, text, false));
    String inFocus = create("/fhir/Observation", DisclosureFixture.observation(client, text, false)
        .replace(subject, "\"focus\":[{\"reference\":\"Patient/" + client + "\"}]"));
    String asPerformer = create("/fhir/Observation", DisclosureFixture.observation(client, text, false)
        .replace(subject, "\"performer\":[{\"reference\":\"Patient/" + client + "\"}]"));
    assertThat(matchesOf(named, "Observation?value-string=" + text + "&_count=100"))
        .containsExactlyInAnyOrder(inSubject, inFocus, asPerformer);
    assertThat(matchesOf(named, "Observation?client=Patient/" + client))
        .as("the parameter itself").containsExactlyInAnyOrder(inSubject, inFocus, asPerformer);
    assertThat(matchesOf(external(freshUra()), "Observation?value-string=" + text + "&_count=100"))
        .as("an organisation the client did not name").isEmpty();
    assertHiddenLikeMissing("Observation?client=Patient/%s&_count=10");
    // a choice element (payload.content[x]) holding the reference: the parameter's "(… as Reference)" alternative
    String payloadOnly = create("/fhir/Communication", "{\"resourceType\":\"Communication\",\"status\":\"completed\","
        + "\"payload\":[{\"contentReference\":{\"reference\":\"Patient/" + client + "\"}}]}");
    assertThat(matchesOf(http(), "Communication?client=Patient/" + client)).containsExactly(payloadOnly);
  }

  /**
   * A record naming its client only through a contained Patient or inside an extension gets Sluis's client extension
   * on write, so a limited search finds it as one naming the client in {@code subject}; what a writer sends under
   * that extension's URL is replaced, and a record naming its client in its own elements gets none.
   */
  @Test
  void aLimitedSearchFindsRecordsThatNameTheirClientThroughAContainedPatientOrAnExtension() {
    String ura = freshUra();
    FhirHttp named = external(ura);
    String text = marker + "Bevat";
    String bsn = Bsns.random();
    String client = create("/fhir/Patient", DisclosureFixture.patient(bsn, text, LocalDate.now().minusYears(40)));
    String other = create("/fhir/Patient", DisclosureFixture.patient(Bsns.random(), text, LocalDate.now().minusYears(41)));
    create("/fhir/Consent", DisclosureFixture.consentForGp(client, "active", DisclosureFixture.classes("Observation"))
        .replace(GP_URA, ura));
    String start = "{\"resourceType\":\"Observation\",";
    String rest = "\"status\":\"final\",\"code\":{\"text\":\"" + text + "\"},\"valueString\":\"" + text + "\"}";
    String contained = create("/fhir/Observation", start + "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"p\","
        + "\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\",\"value\":\"" + bsn + "\"}]}],"
        + "\"subject\":{\"reference\":\"#p\"}," + rest);
    String inExtension = create("/fhir/Observation", start + "\"extension\":[{\"url\":"
        + "\"http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo\",\"valueReference\":{\"reference\":"
        + "\"Patient/" + client + "\"}}]," + rest);
    String forged = create("/fhir/Observation", start + "\"extension\":[{\"url\":\""
        + ClientAttributionOnWrite.CLIENT_EXTENSION + "\",\"valueReference\":{\"reference\":\"Patient/" + other
        + "\"}}],\"subject\":{\"reference\":\"Patient/" + client + "\"}," + rest);

    assertThat(matchesOf(named, "Observation?value-string=" + text + "&_count=100"))
        .containsExactlyInAnyOrder(contained, inExtension, forged);
    assertThat(matchesOf(http(), "Observation?client=Patient/" + client))
        .containsExactlyInAnyOrder(contained, inExtension, forged);
    assertThat(matchesOf(http(), "Observation?client=Patient/" + other)).as("the forged attribution").isEmpty();
    assertThat(matchesOf(external(freshUra()), "Observation?value-string=" + text + "&_count=100")).isEmpty();
    assertThat(http().get("/fhir/Observation/" + contained).body())
        .contains(ClientAttributionOnWrite.CLIENT_EXTENSION, "\"reference\":\"Patient/" + client + "\"");
    assertThat(http().get("/fhir/Observation/" + forged).body()).as("named in subject")
        .doesNotContain(ClientAttributionOnWrite.CLIENT_EXTENSION);
    // an update that names the client in subject instead no longer needs the extension
    HttpResponse<String> updated = http().put("/fhir/Observation/" + contained, FHIR_JSON, start + "\"id\":\""
        + contained + "\",\"subject\":{\"reference\":\"Patient/" + client + "\"}," + rest);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(http().get("/fhir/Observation/" + contained).body())
        .doesNotContain(ClientAttributionOnWrite.CLIENT_EXTENSION);
    assertThat(matchesOf(named, "Observation?value-string=" + text + "&_count=100")).contains(contained);
  }

  /**
   * A need-to-know role (the dev policy's psychiatrist, 01.035) outside the care team: very restricted records are left
   * out of its searches before any SQL, so a client with 20 concerns answers a search for them exactly like a client
   * with none and no V row is loaded; its ordinary records are found as before. In the care team, it sees them.
   */
  @Test
  void veryRestrictedRecordsAreLeftOutOfANeedToKnowRolesSearchesOutsideTheCareTeam() {
    String practitioner = practitioner("psychiater-", "Vries");
    FhirHttp psychiatrist = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-" + practitioner, "01.035",
        "TREAT", "user/*.cruds", "Practitioner/" + practitioner));
    String text = marker + "Zeer";
    String withConcerns = create("/fhir/Patient", DisclosureFixture.patient(null, text, LocalDate.now().minusYears(35)));
    String without = create("/fhir/Patient", DisclosureFixture.patient(null, text, LocalDate.now().minusYears(36)));
    for (String client : List.of(withConcerns, without)) {
      create("/fhir/Observation", DisclosureFixture.observation(client, text, false));
      create("/fhir/Observation", DisclosureFixture.observation(client, text, false));
    }
    StringBuilder concerns = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < 20; i++) {
      concerns.append(i == 0 ? "" : ",").append("{\"resource\":")
          .append(DisclosureFixture.observation(withConcerns, text, true))
          .append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
    }
    HttpResponse<String> written = http().post("/fhir", FHIR_JSON, concerns.append("]}").toString());
    assertThat(written.statusCode()).as(written.body()).isEqualTo(200);

    String veryRestricted = "Observation?subject=Patient/%s&_security=http://terminology.hl7.org/CodeSystem/"
        + "v3-Confidentiality%%7CV&_count=10";
    loaded.clear();
    HttpResponse<String> ofConcerns = psychiatrist.get("/fhir/" + veryRestricted.formatted(withConcerns));
    HttpResponse<String> ofNone = psychiatrist.get("/fhir/" + veryRestricted.formatted(without));
    assertThat(masked(ofConcerns.body()).replace(withConcerns, "CLIENT"))
        .isEqualTo(masked(ofNone.body()).replace(without, "CLIENT"));
    assertThat(ofConcerns.body()).doesNotContain("\"entry\"");
    assertThat(loadedOf(withConcerns)).as("very restricted rows loaded").isZero();
    assertThat(matchesOf(psychiatrist, "Observation?subject=Patient/" + withConcerns + "&_count=100"))
        .as("its ordinary records").hasSize(2);
    assertThat(loadedOf(withConcerns)).as("only the ordinary rows loaded").isEqualTo(2);
    loaded.clear();
    assertThat(matchesOf(psychiatrist, "Observation?value-string=" + text + "&_count=100")).hasSize(4);
    assertThat(loadedOf(withConcerns)).as("a search naming no client: only the ordinary rows loaded").isEqualTo(2);

    // an external organisation whose consents cover both clients' Observations without naming the label V
    String ura = freshUra();
    FhirHttp named = external(ura);
    for (String client : List.of(withConcerns, without)) {
      create("/fhir/Consent", DisclosureFixture.consentForGp(client, "active", DisclosureFixture.classes("Observation"))
          .replace(GP_URA, ura));
    }
    loaded.clear();
    HttpResponse<String> externalOfConcerns = named.get("/fhir/" + veryRestricted.formatted(withConcerns));
    HttpResponse<String> externalOfNone = named.get("/fhir/" + veryRestricted.formatted(without));
    assertThat(masked(externalOfConcerns.body()).replace(withConcerns, "CLIENT"))
        .isEqualTo(masked(externalOfNone.body()).replace(without, "CLIENT"));
    assertThat(loadedOf(withConcerns)).as("very restricted rows loaded for the external organisation").isZero();
    assertThat(matchesOf(named, "Observation?subject=Patient/" + withConcerns + "&_count=100")).hasSize(2);

    // in the client's care team, the psychiatrist sees the concerns
    careTeam(withConcerns, practitioner);
    assertThat(matchesOf(psychiatrist, veryRestricted.formatted(withConcerns).replace("_count=10", "_count=100")))
        .hasSize(20);
    assertThat(matchesOf(psychiatrist, "Observation?value-string=" + text + "&_count=100")).hasSize(24);
    // asking for very restricted records only, naming no client: limited to the care team's clients, so another
    // client's concerns are not loaded
    String elsewhere = create("/fhir/Patient", DisclosureFixture.patient(null, text, LocalDate.now().minusYears(37)));
    for (int i = 0; i < 5; i++) {
      create("/fhir/Observation", DisclosureFixture.observation(elsewhere, text, true));
    }
    loaded.clear();
    assertThat(matchesOf(psychiatrist, "Observation?_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
        + "%7CV&value-string=" + text + "&_count=100")).hasSize(20);
    assertThat(loadedOf(elsewhere)).as("concerns of a client outside the care team loaded").isZero();
    // the aandachtsfunctionaris (a very-restricted role) sees them without being in the care team
    FhirHttp officer = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-af-" + practitioner,
        "aandachtsfunctionaris", "TREAT", "user/*.cruds", null));
    assertThat(matchesOf(officer, veryRestricted.formatted(withConcerns).replace("_count=10", "_count=100"))).hasSize(20);
  }

  /** An organisation no client's Consent names searches as if the server held no client data at all. */
  @Test
  void anOrganisationNoClientNamesSearchesAsIfThereWereNoClientData() {
    FhirHttp stranger = external(freshUra());
    String nothing = "Niets" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    for (String query : List.of("Observation?value-string=%s&_count=10", "Observation?value-string=%s",
        "Patient?name=%s&_count=5", "Observation?_count=1&_sort=-_lastUpdated", "Observation?code:text=%s")) {
      loaded.clear();
      HttpResponse<String> ofMarker = stranger.get("/fhir/" + query.formatted(marker));
      HttpResponse<String> ofNothing = stranger.get("/fhir/" + query.formatted(nothing));
      assertThat(ofMarker.statusCode()).as(query + ": " + ofMarker.body()).isEqualTo(200);
      assertThat(masked(ofMarker.body()).replace(marker, "M")).as(query)
          .isEqualTo(masked(ofNothing.body()).replace(nothing, "M"));
      assertThat(ofMarker.body()).doesNotContain("\"entry\"").doesNotContain("\"next\"").doesNotContain("\"total\"");
      assertThat(loadedOf(hidden) + loadedOf(consenting)).as(query + ": rows loaded").isZero();
    }
    // the control: without the limit the same search loads and decides every match, and answers the same
    String query = "/fhir/Observation?value-string=" + marker + "&_count=10";
    String limited = masked(stranger.get(query).body());
    Object narrowing = server.getInterceptorService().getAllRegisteredInterceptors().stream()
        .filter(HiddenClientsOutOfSearches.class::isInstance).findFirst().orElseThrow();
    server.getInterceptorService().unregisterInterceptor(narrowing);
    try {
      loaded.clear();
      assertThat(masked(stranger.get(query).body())).isEqualTo(limited);
      assertThat(loadedOf(hidden)).as("rows loaded and decided without the limit").isGreaterThanOrEqualTo(HIDDEN);
    } finally {
      server.getInterceptorService().registerInterceptor(narrowing);
    }
  }

  /**
   * The organisation's own professional without a need-to-know role: a search naming no client looks only at the
   * clients whose care team names them (the CareTeam written just before counts); one in no care team finds nothing.
   */
  @Test
  void anOwnProfessionalsSearchNamingNoClientLoadsOnlyTheCareTeamsClients() {
    String practitioner = practitioner("behandelaar-", "Boer");
    String client = create("/fhir/Patient", DisclosureFixture.patient(null, marker + "Zorgteam", LocalDate.now().minusYears(45)));
    observations(client, 4);
    careTeam(client, practitioner);
    FhirHttp treating = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-" + practitioner,
        "behandelaar", "TREAT", "user/*.cruds", "Practitioner/" + practitioner));
    loaded.clear();
    assertThat(matchesOf(treating, "Observation?value-string=" + marker + "&_count=100")).hasSize(4);
    assertThat(loadedOf(hidden) + loadedOf(consenting)).as("rows of clients outside the care team loaded").isZero();
    FhirHttp outside = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-elders", "behandelaar",
        "TREAT", "user/*.cruds", "Practitioner/" + practitioner + "-elders"));
    loaded.clear();
    assertThat(matchesOf(outside, "Observation?value-string=" + marker + "&_count=100")).isEmpty();
    assertThat(loadedOf(hidden) + loadedOf(consenting) + loadedOf(client)).as("rows loaded").isZero();
  }

  /** A database written by an earlier build: the parties its Consents and CareTeams name are read once, then used. */
  @Test
  void thePartiesOfRecordsStoredBeforeAreReadOnce() {
    org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
    jdbc.update("DELETE FROM " + ClientParties.TABLE + " WHERE client = ? OR party = '*backfilled*'", consenting);
    ClientParties parties = new ClientParties(dataSource);
    assertThat(parties.complete()).as("not used before the pass").isFalse();
    assertThat(parties.keysOfClient(consenting)).isEmpty();
    parties.backfill(daos);
    assertThat(parties.complete()).isTrue();
    assertThat(parties.keysOfClient(consenting)).contains(ClientParties.uraKey(GP_URA));
    assertThat(new ClientParties(dataSource).complete()).as("on every node").isTrue();
  }

  /** A deleted consent counts from the next request too, also where the client's inputs were cached. */
  @Test
  void aDeletedConsentCountsFromTheNextRequest() {
    String client = create("/fhir/Patient", DisclosureFixture.patient(null, marker + "Verwijderd", LocalDate.now().minusYears(33)));
    String consent = observationsSharedWithTheGp(client, 2);
    String query = "Observation?subject=Patient/%s&_count=10";
    assertThat(matchesOf(gp, query.formatted(client))).hasSize(2);
    String observation = matchesOf(gp, query.formatted(client)).iterator().next();
    assertThat(gp.get("/fhir/Observation/" + observation).statusCode()).isEqualTo(200);
    HttpResponse<String> deleted = http().delete("/fhir/Consent/" + consent);
    assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 204);
    assertThat(gp.get("/fhir/Observation/" + observation).statusCode()).as("read after the delete").isEqualTo(404);
    assertThat(matchesOf(gp, query.formatted(client))).as("search after the delete").isEmpty();
  }

  // --- helpers ---

  @Autowired javax.sql.DataSource dataSource;
  @Autowired ca.uhn.fhir.jpa.api.dao.DaoRegistry daos;

  private static String freshUra() {
    return "7" + String.format("%07d", java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000_000));
  }

  private FhirHttp external(String ura) {
    return anonymous().withToken(TestTokens.token(ura, "uzi-" + ura, "01.015", "TREAT", "system/*.rs", null));
  }

  private void assertHiddenLikeMissing(String query) {
    HttpResponse<String> ofHidden = gp.get("/fhir/" + query.replace("%s", hidden));
    HttpResponse<String> ofMissing = gp.get("/fhir/" + query.replace("%s", MISSING));
    assertThat(ofHidden.statusCode()).as(query + ": " + ofHidden.body()).isEqualTo(ofMissing.statusCode());
    assertThat(masked(ofHidden.body()).replace(hidden, "CLIENT"))
        .as(query).isEqualTo(masked(ofMissing.body()).replace(MISSING, "CLIENT"));
    assertThat(ofHidden.body()).doesNotContain("\"entry\"").doesNotContain("\"next\"").doesNotContain("\"total\"");
    assertThat(loadedOf(hidden)).as(query + ": rows of the hidden client loaded").isZero();
  }

  /** A stored Practitioner with a fresh id (prefix + random), so no earlier care team names them. */
  private String practitioner(String prefix, String family) {
    String practitioner = prefix + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> stored = http().put("/fhir/Practitioner/" + practitioner, FHIR_JSON,
        "{\"resourceType\":\"Practitioner\",\"id\":\"" + practitioner + "\",\"name\":[{\"use\":\"official\","
            + "\"text\":\"" + family + "\",\"family\":\"" + family + "\"}]}");
    assertThat(stored.statusCode()).as(stored.body()).isBetween(200, 201);
    return practitioner;
  }

  private void careTeam(String client, String practitioner) {
    create("/fhir/CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":"
        + "\"Patient/" + client + "\"},\"participant\":[{\"member\":{\"reference\":\"Practitioner/" + practitioner
        + "\"}}]}");
  }

  private int loadedOf(String client) {
    AtomicInteger count = loaded.get(client);
    return count == null ? 0 : count.get();
  }

  private int auditEventsAbout(String client) {
    return entries(http().get("/fhir/AuditEvent?patient=Patient/" + client + "&_count=200&_elements=id")).size();
  }

  private Set<String> matchesOf(FhirHttp requester, String query) {
    return entries(requester.get("/fhir/" + query)).stream()
        .filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
        .map(e -> e.getResource().getIdElement().getIdPart()).collect(Collectors.toSet());
  }

  private static String masked(String body) {
    return body.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID")
        .replaceAll("\"lastUpdated\":\"[^\"]+\"", "\"lastUpdated\":\"T\"");
  }

  private static List<Bundle.BundleEntryComponent> entries(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntry();
  }

  private String create(String path, String body) {
    HttpResponse<String> response = http().post(path, FHIR_JSON, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }

  /** {@code n} Observations of the client and the client's consent that the GP receives them; the consent's id. */
  private String observationsSharedWithTheGp(String client, int n) {
    observations(client, n);
    return create("/fhir/Consent", DisclosureFixture.consentForGp(client, "active", DisclosureFixture.classes("Observation")));
  }

  private void observations(String client, int n) {
    StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < n; i++) {
      bundle.append(i == 0 ? "" : ",").append("{\"resource\":")
          .append(DisclosureFixture.observation(client, marker, false))
          .append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
    }
    HttpResponse<String> response = http().post("/fhir", FHIR_JSON, bundle.append("]}").toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
