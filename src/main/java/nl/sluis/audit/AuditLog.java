package nl.sluis.audit;

import ca.uhn.fhir.parser.IParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The durable audit trail: one row per sealed AuditEvent in {@code sluis_audit_log} (sequence, chain hash,
 * the event's FHIR JSON), written with plain JDBC under the chain head's lock in the transaction that
 * advances the head. This is what a request waits for before its response leaves. Rows are only ever
 * inserted (rows from before the indexed columns get those filled once; their event and hash never change). {@code sluis_audit_pending} lists the sequence numbers not yet stored as HAPI AuditEvent
 * resources (the searchable copy, see {@link AuditMaterialiser}); a row leaves it in the transaction that
 * creates the resource.
 *
 * <p>Plain SQL that runs on H2 and PostgreSQL; row locks when claiming pending rows are PostgreSQL only
 * (H2 is the single-node quick start, where a node-local lock suffices).
 */
final class AuditLog {

  static final String LOG = "sluis_audit_log";
  static final String PENDING = "sluis_audit_pending";

  /**
   * One sealed event as logged; {@code client} ("Patient/1") and {@code recordedMillis} are copied out of
   * the event into indexed columns so that a client's overview reads the log directly (null when read back
   * for materialising or verifying, where only the event counts).
   */
  record Entry(long sequence, String hash, String json, String client, Long recordedMillis) {

    Entry(long sequence, String hash, String json) {
      this(sequence, hash, json, null, null);
    }

    /** The entry for a sealed event, with its client and time for the indexed columns. */
    static Entry of(long sequence, String hash, String json, AuditEvent event) {
      return new Entry(sequence, hash, json, clientOf(event),
          event.getRecorded() == null ? null : event.getRecorded().getTime());
    }
  }

  /** The client an event is about: its Patient entity (object role 1). */
  static String clientOf(AuditEvent event) {
    return event.getEntity().stream()
        .filter(e -> e.getRole() != null && AuditCodes.OBJECT_ROLE.equals(e.getRole().getSystem())
            && "1".equals(e.getRole().getCode()) && e.getWhat().hasReference())
        .map(e -> e.getWhat().getReference()).findFirst().orElse(null);
  }

  private final JdbcTemplate jdbc;
  private final boolean postgres;

  AuditLog(JdbcTemplate jdbc, boolean postgres) {
    this.jdbc = jdbc;
    this.postgres = postgres;
  }

  /** At start-up; several nodes may race (as for the chain head). */
  void createIfMissing() {
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + LOG
        + " (seq BIGINT PRIMARY KEY, hash VARCHAR(64) NOT NULL, event TEXT NOT NULL)");
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + PENDING + " (seq BIGINT PRIMARY KEY)");
    // Added after the first release of the log: filled by the writer, and for older rows by fillIndexColumns.
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS client VARCHAR(100)");
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS recorded_ms BIGINT");
    jdbc.execute("CREATE INDEX IF NOT EXISTS " + LOG + "_client ON " + LOG + " (client, recorded_ms)");
  }

  /** Rows logged before the indexed columns existed get them from their event (once, at start-up). */
  int fillIndexColumns(IParser parser) {
    List<Entry> rows = new ArrayList<>();
    jdbc.query("SELECT seq, hash, event FROM " + LOG + " WHERE client IS NULL", row -> {
      AuditEvent event = parser.parseResource(AuditEvent.class, row.getString(3));
      rows.add(Entry.of(row.getLong(1), row.getString(2), row.getString(3), event));
    });
    jdbc.batchUpdate("UPDATE " + LOG + " SET client = ?, recorded_ms = ? WHERE seq = ?", rows, 500,
        (statement, entry) -> {
          statement.setString(1, entry.client());
          statement.setObject(2, entry.recordedMillis(), java.sql.Types.BIGINT);
          statement.setLong(3, entry.sequence());
        });
    return rows.size();
  }

  /**
   * The logged events about one client, oldest first, optionally within [from, to] (epoch milliseconds):
   * straight from the log, so a client's overview never waits for the resource copy.
   */
  List<String> eventsOfClient(String client, Long from, Long to) {
    return jdbc.queryForList("SELECT event FROM " + LOG + " WHERE client = ? AND recorded_ms >= ? AND recorded_ms <= ?"
        + " ORDER BY recorded_ms, seq", String.class, client, from == null ? Long.MIN_VALUE : from,
        to == null ? Long.MAX_VALUE : to);
  }

  /** Inside the transaction holding the chain head's lock: the entries and their pending markers. */
  void append(List<Entry> entries, boolean pending) {
    jdbc.batchUpdate("INSERT INTO " + LOG + " (seq, hash, event, client, recorded_ms) VALUES (?, ?, ?, ?, ?)",
        entries, entries.size(), (statement, entry) -> {
          statement.setLong(1, entry.sequence());
          statement.setString(2, entry.hash());
          statement.setString(3, entry.json());
          statement.setString(4, entry.client());
          statement.setObject(5, entry.recordedMillis(), java.sql.Types.BIGINT);
        });
    if (pending) {
      jdbc.batchUpdate("INSERT INTO " + PENDING + " (seq) VALUES (?)", entries, entries.size(),
          (statement, entry) -> statement.setLong(1, entry.sequence()));
    }
  }

  /** The lowest logged sequence number, 0 for an empty log. */
  long firstSequence() {
    Long first = jdbc.queryForObject("SELECT MIN(seq) FROM " + LOG, Long.class);
    return first == null ? 0 : first;
  }

  /**
   * Claims up to {@code limit} pending entries with sequence ≤ {@code upTo}, oldest first, for the
   * current transaction. On PostgreSQL the pending rows are locked until the transaction ends; with
   * {@code skipLocked} rows another node is materialising are passed over, without it this waits for them
   * (and then no longer sees them once that node has committed).
   */
  List<Entry> claim(long upTo, int limit, boolean skipLocked) {
    String lock = !postgres ? "" : skipLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
    List<Long> claimed = jdbc.queryForList("SELECT seq FROM " + PENDING + " WHERE seq <= ? ORDER BY seq FETCH FIRST "
        + Math.max(1, limit) + " ROWS ONLY" + lock, Long.class, upTo);
    if (claimed.isEmpty()) {
      return List.of();
    }
    Set<Long> wanted = new HashSet<>(claimed);
    List<Entry> entries = new ArrayList<>(claimed.size());
    jdbc.query("SELECT seq, hash, event FROM " + LOG + " WHERE seq >= ? AND seq <= ? ORDER BY seq", row -> {
      if (wanted.contains(row.getLong(1))) {
        entries.add(new Entry(row.getLong(1), row.getString(2), row.getString(3)));
      }
    }, claimed.get(0), claimed.get(claimed.size() - 1));
    if (entries.size() != claimed.size()) {
      throw new IllegalStateException("pending audit events without a logged event: " + claimed.size()
          + " claimed, " + entries.size() + " found");
    }
    return entries;
  }

  /** In the transaction that stored their resources. */
  void done(List<Entry> entries) {
    jdbc.batchUpdate("DELETE FROM " + PENDING + " WHERE seq = ?", entries, entries.size(),
        (statement, entry) -> statement.setLong(1, entry.sequence()));
  }

  /** Every logged entry with sequence ≤ {@code upTo}, in sequence order (for verification). */
  void forEach(long upTo, Consumer<Entry> consumer) {
    jdbc.query("SELECT seq, hash, event FROM " + LOG + " WHERE seq <= ? ORDER BY seq",
        row -> {
          consumer.accept(new Entry(row.getLong(1), row.getString(2), row.getString(3)));
        }, upTo);
  }
}
