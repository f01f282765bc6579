package nl.sluis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.PostgresServerTest;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Group commit under concurrency, in the server's own context: many requests' events share transactions,
 * each writer returns only once its events are committed in the audit log, the chain stays one sequence,
 * every event becomes searchable, and a failed group commit fails every request in it.
 */
class AuditGroupCommitTest extends PostgresServerTest {

  private static final int THREADS = 12;
  private static final int WRITES_PER_THREAD = 15;

  @Autowired AuditWriter writer;

  @Test
  void concurrentWritersShareCommitsAndEachReturnsOnlyOnceCommitted() throws Exception {
    AuditFixture fixture = new AuditFixture(http(), "999911156");
    int before = events(verify());
    long batchesBefore = writer.batches();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      results.add(pool.submit(() -> {
        start.await();
        int confirmed = 0;
        try (Connection db = connection()) {
          for (int i = 0; i < WRITES_PER_THREAD; i++) {
            AuditEvent event = event(fixture.patient);
            writer.write(List.of(event));
            // Returned: the sealed event must already be committed in the log, seen from another connection.
            long sequence = AuditChainHash.sequence(event).orElseThrow();
            String hash = AuditChainHash.value(event, AuditChainHash.HASH_URL).orElseThrow();
            assertThat(loggedHash(db, sequence)).isEqualTo(hash);
            confirmed++;
          }
        }
        return confirmed;
      }));
    }
    start.countDown();
    int confirmed = 0;
    for (Future<Integer> result : results) {
      confirmed += result.get();
    }
    pool.shutdown();
    int writes = THREADS * WRITES_PER_THREAD;
    assertThat(confirmed).isEqualTo(writes);
    long batches = writer.batches() - batchesBefore;
    assertThat(batches).as("group commits for %d concurrent writes", writes).isPositive().isLessThan(writes);

    Parameters chain = verify();
    assertThat(chain.getParameterBool("valid")).as(chain.toString()).isTrue();
    assertThat(events(chain)).isEqualTo(before + writes);
    assertThat(fixture.events(fixture.patient)).hasSize(writes);
  }

  @Test
  void aFailedGroupCommitFailsEveryWriterInItAndLogsNothing() throws Exception {
    AuditFixture fixture = new AuditFixture(http(), "999911168");
    int before = events(verify());
    sql("ALTER TABLE " + AuditLog.LOG + " RENAME TO sluis_audit_log_broken");
    List<Future<?>> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> writer.write(List.of(event(fixture.patient)))));
      }
      for (Future<?> result : results) {
        assertThatThrownBy(result::get).hasCauseInstanceOf(IllegalStateException.class);
      }
    } finally {
      pool.shutdown();
      sql("ALTER TABLE sluis_audit_log_broken RENAME TO " + AuditLog.LOG);
    }
    Parameters chain = verify();
    assertThat(chain.getParameterBool("valid")).as(chain.toString()).isTrue();
    assertThat(events(chain)).isEqualTo(before);
    assertThat(fixture.events(fixture.patient)).isEmpty();
  }

  @Test
  void aRequestWhoseEventsCannotBeCommittedInTimeFailsWithoutDisclosing() throws Exception {
    AuditFixture fixture = new AuditFixture(http(), "999911181");
    fixture.grantGpObservations();
    HttpResponse<String> read;
    try (Connection db = connection()) {
      db.setAutoCommit(false);
      // Another node holding the chain head (as if stuck): no group commit can lock it.
      db.createStatement().execute("SELECT seq FROM " + AuditChainHead.TABLE + " WHERE id = 1 FOR UPDATE");
      long started = System.nanoTime();
      read = AuditFixture.gp(anonymous()).get("/fhir/Observation/" + fixture.sharedObservation);
      assertThat((System.nanoTime() - started) / 1_000_000).as("waited about sluis.audit.commit-timeout")
          .isGreaterThanOrEqualTo(9_000);
      db.rollback();
    }
    assertThat(read.statusCode()).isEqualTo(500);
    assertThat(read.body()).doesNotContain(fixture.marker).doesNotContain(fixture.sharedObservation + "\"");
    // Once the head is free the writer goes on; the chain stays valid (the event may have been recorded:
    // an entry for a response that was not sent, never a response without an entry).
    assertThat(verify().getParameterBool("valid")).isTrue();
  }

  private static AuditEvent event(String patient) {
    AuditEvent event = new AuditEvent();
    event.getMeta().addProfile(AuditCodes.PROFILE);
    event.setType(new Coding(AuditCodes.EVENT_TYPE, "rest", "RESTful Operation"));
    event.addSubtype(new Coding(AuditCodes.INTERACTION, "read", "read"));
    event.setAction(AuditEvent.AuditEventAction.R);
    event.setRecorded(new Date());
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    event.setOutcomeDesc("permit");
    event.addAgent().setRequestor(true).setWho(new Reference().setIdentifier(
        new Identifier().setSystem(AuditCodes.TOKEN_SUBJECT).setValue("group-commit-test")));
    event.getSource().setSite("sluis").setObserver(new Reference().setDisplay("test"));
    event.addEntity().setWhat(new Reference("Patient/" + patient))
        .setType(new Coding(AuditCodes.ENTITY_TYPE, "1", "Person"))
        .setRole(new Coding(AuditCodes.OBJECT_ROLE, "1", "Patient"));
    return event;
  }

  private static String loggedHash(Connection db, long sequence) throws SQLException {
    try (PreparedStatement find = db.prepareStatement("SELECT hash FROM " + AuditLog.LOG + " WHERE seq = ?")) {
      find.setLong(1, sequence);
      try (ResultSet row = find.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private Parameters verify() {
    HttpResponse<String> result = AuditFixture.privacyOfficer(anonymous()).get("/fhir/$verify-audit-chain");
    assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
    return AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, result.body());
  }

  private static int events(Parameters chain) {
    return Integer.parseInt(chain.getParameterValue("events").primitiveValue());
  }

  private static Connection connection() throws SQLException {
    return DriverManager.getConnection(EmbeddedPostgresDatabase.jdbcUrl("sluis_it"), EmbeddedPostgresDatabase.USER,
        EmbeddedPostgresDatabase.PASSWORD);
  }

  private static void sql(String statement) throws SQLException {
    try (Connection db = connection()) {
      db.createStatement().execute(statement);
    }
  }
}
