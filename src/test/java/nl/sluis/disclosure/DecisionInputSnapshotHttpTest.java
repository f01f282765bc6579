package nl.sluis.disclosure;

import static nl.sluis.disclosure.DisclosureFixture.GP_URA;
import static nl.sluis.disclosure.DisclosureFixture.classes;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The snapshot of a client's records stored with its change token after each change: concurrent writers
 * of one client must not lose each other's changes (the snapshot that ends up stored has to contain every
 * committed record), and a decision taken from the snapshot follows the latest state.
 */
class DecisionInputSnapshotHttpTest extends PostgresServerTest {

  @org.springframework.beans.factory.annotation.Autowired DisclosureService disclosure;

  @Test
  void concurrentWritersOfOneClientLeaveACompleteSnapshot() throws Exception {
    DisclosureFixture fixture = new DisclosureFixture(http(), "999911132");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<String>> created = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        Callable<String> write = () -> fixture.create("/fhir/Consent",
            fixture.consentForGp("active", classes("Observation")));
        created.add(pool.submit(write));
      }
      String snapshot = null;
      List<String> ids = new ArrayList<>();
      for (Future<String> consent : created) {
        ids.add(consent.get());
      }
      for (String id : ids) {
        awaitSnapshot("Patient/" + fixture.patient, "\"id\":\"Consent/" + id + "\"");
      }
      snapshot = snapshot("Patient/" + fixture.patient);
      for (String id : ids) {
        assertThat(snapshot).as("snapshot has Consent " + id).contains("\"id\":\"Consent/" + id + "\"");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDecisionFromTheSnapshotFollowsARevocation() {
    DisclosureFixture fixture = new DisclosureFixture(http(), "999911144");
    String consent = fixture.create("/fhir/Consent", fixture.consentForGp("active", classes("Observation")));
    FhirHttp gp = anonymous().withToken(TestTokens.token(GP_URA, "uzi-900000015", "01.015", "TREAT",
        "system/*.rs", null));
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    String revoked = fixture.consentForGp("inactive", classes("Observation"))
        .replace("{\"resourceType\":\"Consent\",", "{\"resourceType\":\"Consent\",\"id\":\"" + consent + "\",");
    assertThat(http().put("/fhir/Consent/" + consent, FhirHttp.FHIR_JSON, revoked).statusCode()).isEqualTo(200);
    assertThat(awaitSnapshot("Patient/" + fixture.patient, "\"status\":\"INACTIVE\""))
        .doesNotContain("\"status\":\"ACTIVE\"");
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
  }

  /**
   * A client whose records predate change tokens (loaded before, or the row lost): the first decision derives
   * the inputs and stores them, so the next node or restart decodes one row; decisions stay the same.
   */
  @Test
  void aReaderStoresTheSnapshotOfAClientWrittenBeforeTokens() {
    DisclosureFixture fixture = new DisclosureFixture(http(), "999911156");
    String consent = fixture.create("/fhir/Consent", fixture.consentForGp("active", classes("Observation")));
    awaitSnapshot("Patient/" + fixture.patient, "\"id\":\"Consent/" + consent + "\"");
    execute("DELETE FROM " + DecisionInputVersions.TABLE + " WHERE scope = 'Patient/" + fixture.patient + "'");
    assertThat(snapshot("Patient/" + fixture.patient)).isNull();
    FhirHttp gp = anonymous().withToken(TestTokens.token(GP_URA, "uzi-900000015", "01.015", "TREAT",
        "system/*.rs", null));
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    assertThat(awaitSnapshot("Patient/" + fixture.patient, "\"id\":\"Consent/" + consent + "\""))
        .startsWith("{\"format\":" + ClientRecordCodec.FORMAT + ",");
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
  }

  /**
   * The start-up pass derives what is missing (a client whose row is gone, as after a bulk import past Sluis)
   * and leaves what is there.
   */
  @Test
  void theBackfillDerivesMissingSnapshotsOnly() {
    DisclosureFixture fixture = new DisclosureFixture(http(), "999911168");
    String consent = fixture.create("/fhir/Consent", fixture.consentForGp("active", classes("Observation")));
    String stored = awaitSnapshot("Patient/" + fixture.patient, "\"id\":\"Consent/" + consent + "\"");
    ClientSnapshotBackfill backfill = disclosure.snapshotBackfill().orElseThrow();
    assertThat(backfill.deriveIfMissing(fixture.patient)).as("a usable snapshot is kept").isFalse();
    assertThat(snapshot("Patient/" + fixture.patient)).isEqualTo(stored);
    execute("DELETE FROM " + DecisionInputVersions.TABLE + " WHERE scope = 'Patient/" + fixture.patient + "'");
    int patients = Integer.parseInt(query("SELECT count(*) FROM hfj_resource WHERE res_type = 'Patient' "
        + "AND res_deleted_at IS NULL"));
    assertThat(backfill.inPagesOf(2).run()).as("every client checked once").isEqualTo(patients);
    assertThat(snapshot("Patient/" + fixture.patient)).as("derived again by the pass over all clients")
        .startsWith("{\"format\":" + ClientRecordCodec.FORMAT + ",").contains("\"id\":\"Consent/" + consent + "\"");
  }

  /**
   * A change of organisation-wide records (a PractitionerRole or Organization) makes every client's snapshot stale;
   * the first reader that meets a stale one starts a background pass, so other clients' snapshots are derived again
   * before their next decision needs them (not by each reader on the request path).
   */
  @Test
  void aChangeOfOrganisationWideRecordsIsFollowedByAPassOverEveryClient() throws java.io.IOException {
    DisclosureFixture read = new DisclosureFixture(http(), nl.sluis.testsupport.Bsns.random());
    DisclosureFixture other = new DisclosureFixture(http(), nl.sluis.testsupport.Bsns.random());
    String otherConsent = other.create("/fhir/Consent", other.consentForGp("active", classes("Observation")));
    read.create("/fhir/Consent", read.consentForGp("active", classes("Observation")));
    awaitSnapshot("Patient/" + other.patient, "\"id\":\"Consent/" + otherConsent + "\"");
    long before = globalToken();
    String organization = java.nio.file.Files.readString(java.nio.file.Path.of(
        "profiles/example/Organization-gemeente-utrecht.json")).replaceFirst("\"name\"\\s*:\\s*\"",
        "\"name\": \"" + System.nanoTime() + " ");
    var changed = http().put("/fhir/Organization/gemeente-utrecht", FhirHttp.FHIR_JSON, organization);
    assertThat(changed.statusCode()).as(changed.body()).isIn(200, 201);
    long after = globalToken();
    assertThat(after).as("a new organisation-wide change token (random, not increasing)").isNotEqualTo(before);
    assertThat(snapshot("Patient/" + other.patient)).doesNotContain("\"global\":" + after + ",");

    FhirHttp gp = anonymous().withToken(TestTokens.token(GP_URA, "uzi-900000015", "01.015", "TREAT",
        "system/*.rs", null));
    assertThat(gp.get("/fhir/Observation/" + read.sharedObservation).statusCode()).isEqualTo(200);
    assertThat(awaitSnapshot("Patient/" + other.patient, "\"global\":" + after + ",", 180))
        .as("the other client's snapshot, derived again in the background under the new token")
        .contains("\"id\":\"Consent/" + otherConsent + "\"");
  }

  /** The organisation-wide change token (no row before the first such change). */
  private static long globalToken() {
    String token = query("SELECT token FROM " + DecisionInputVersions.TABLE + " WHERE scope = '"
        + DecisionInputVersions.GLOBAL + "'");
    return token == null ? 0 : Long.parseLong(token);
  }

  /** Snapshots are stored shortly after the change commits: wait (bounded) for one containing the text. */
  private static String awaitSnapshot(String scope, String containing) throws RuntimeException {
    return awaitSnapshot(scope, containing, 30);
  }

  private static String awaitSnapshot(String scope, String containing, int seconds) throws RuntimeException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
    String snapshot = snapshot(scope);
    while ((snapshot == null || !snapshot.contains(containing)) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      snapshot = snapshot(scope);
    }
    assertThat(snapshot).as("a snapshot containing " + containing).isNotNull().contains(containing);
    return snapshot;
  }

  private static String query(String sql) {
    try (Connection connection = DriverManager.getConnection(EmbeddedPostgresDatabase.jdbcUrl("sluis_it"),
        EmbeddedPostgresDatabase.USER, EmbeddedPostgresDatabase.PASSWORD);
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      return row.next() ? row.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(EmbeddedPostgresDatabase.jdbcUrl("sluis_it"),
        EmbeddedPostgresDatabase.USER, EmbeddedPostgresDatabase.PASSWORD)) {
      connection.createStatement().execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String snapshot(String scope) throws RuntimeException {
    try (Connection connection = DriverManager.getConnection(EmbeddedPostgresDatabase.jdbcUrl("sluis_it"),
        EmbeddedPostgresDatabase.USER, EmbeddedPostgresDatabase.PASSWORD);
        PreparedStatement statement = connection.prepareStatement(
            "SELECT inputs FROM " + DecisionInputVersions.TABLE + " WHERE scope = ?")) {
      statement.setString(1, scope);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
