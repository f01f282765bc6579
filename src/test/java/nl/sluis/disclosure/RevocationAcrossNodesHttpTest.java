package nl.sluis.disclosure;

import static nl.sluis.disclosure.DisclosureFixture.GP_URA;
import static nl.sluis.disclosure.DisclosureFixture.classes;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.SecondNode;
import nl.sluis.testsupport.ServerProcess;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes on one PostgreSQL database, each caching decision inputs across requests: a consent
 * revoked through one node stops disclosure on the other at the very next request, and a consent given
 * again is honoured there at once too (the cache is checked against the database's change tokens). Result
  * pages belong to the requester that searched, on either node. Audit events written on both nodes at once
 * form one chain that verifies, and conditional creates racing on both nodes make one record (issue 18 item 8).
 * The second node is shared with the other two-node tests ({@link SecondNode}).
 */
class RevocationAcrossNodesHttpTest extends PostgresServerTest {

  @Test
  void revocationOnOneNodeTakesEffectOnTheOther() throws Exception {
    ServerProcess otherNode = SecondNode.get();
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

    aConsentGivenOnTheOtherNodeCountsInSearchesThatNameNoClient(otherNode, fixture);
    auditedConcurrentlyOnBothNodesIntoOneChain(otherNode, fixture, stranger);
    conditionalCreatesRacingOnBothNodesMakeOneRecord(otherNode);
  }

  /**
   * A search naming no client is limited to the clients whose consents name the requester (sluis_client_party): a
   * consent given through the other node must count in this node's very next such search.
   */
  private void aConsentGivenOnTheOtherNodeCountsInSearchesThatNameNoClient(ServerProcess otherNode,
      DisclosureFixture fixture) {
    String ura = "7" + String.format("%07d", java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000_000));
    FhirHttp named = http().withToken(TestTokens.token(ura, "uzi-" + ura, "01.015", "TREAT", "system/*.rs", null));
    String query = "/fhir/Observation?code:text=gedeeld&_count=100&_elements=subject";
    assertThat(named.get(query).body()).doesNotContain("Patient/" + fixture.patient);
    HttpResponse<String> given = otherNode.http().withToken(TestTokens.internalSystem()).post("/fhir/Consent", FHIR_JSON,
        fixture.consentForGp("active", classes("Observation")).replace(DisclosureFixture.GP_URA, ura));
    assertThat(given.statusCode()).as(given.body()).isEqualTo(201);
    assertThat(named.get(query).body()).contains("Patient/" + fixture.patient);
  }

  /** Denied reads on both nodes at once: every one audited, all in one chain that verifies. */
  private void auditedConcurrentlyOnBothNodesIntoOneChain(ServerProcess otherNode, DisclosureFixture fixture,
      String stranger) throws Exception {
    String officerToken = TestTokens.token(TestTokens.OWN_URA, "uzi-900000077", "privacy-officer", null,
        "user/*.cruds", null);
    FhirHttp officer = http().withToken(officerToken);
    int before = auditedDenials(officer, fixture.patient);
    List<FhirHttp> readers = List.of(http().withToken(stranger), otherNode.http().withToken(stranger));
    int perThread = 15;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        FhirHttp reader = readers.get(t % 2);
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            assertThat(reader.get("/fhir/Patient/" + fixture.patient).statusCode()).isEqualTo(404);
          }
          return perThread;
        }));
      }
      for (Future<Integer> each : done) {
        each.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(auditedDenials(officer, fixture.patient)).isEqualTo(before + 4 * perThread);
    String verified = otherNode.http().withToken(officerToken).get("/fhir/$verify-audit-chain").body();
    assertThat(verified).contains("\"name\":\"valid\",\"valueBoolean\":true");
  }

  private static int auditedDenials(FhirHttp officer, String patient) {
    String bundle = officer.get("/fhir/AuditEvent?patient=Patient/" + patient + "&outcome=deny&_count=200").body();
    return bundle.split("\"resourceType\":\"AuditEvent\"", -1).length - 1;
  }

  /**
   * An EHR's idempotent sync sent to both nodes at once: conditional creates of the same identifier make one
   * record, whichever node and order.
   */
  private void conditionalCreatesRacingOnBothNodesMakeOneRecord(ServerProcess otherNode) throws Exception {
    String identifier = "race-" + UUID.randomUUID();
    String body = "{\"resourceType\":\"Organization\",\"identifier\":[{\"system\":\"urn:sluis:test:race\","
        + "\"value\":\"" + identifier + "\"}],\"name\":\"Race\"}";
    List<FhirHttp> writers = List.of(http(), otherNode.http().withToken(TestTokens.internalSystem()));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        FhirHttp writer = writers.get(t % 2);
        answers.add(pool.submit(() -> {
          start.await();
          return writer.post("/fhir/Organization", FHIR_JSON, body,
              "If-None-Exist", "identifier=urn:sluis:test:race|" + identifier).statusCode();
        }));
      }
      start.countDown();
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).as("a conditional create answers created, found, or a retryable conflict")
            .isIn(200, 201, 409, 412);
      }
    } finally {
      pool.shutdownNow();
    }
    String found = http().get("/fhir/Organization?identifier=urn:sluis:test:race%7C" + identifier).body();
    assertThat(found.split("\"resourceType\":\"Organization\"", -1).length - 1).as(found).isEqualTo(1);
  }
}
