package nl.sluis.audit;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The head of the hash chain (last sequence number and hash) in a one-row table. Every writer, on every
 * server node, locks this row ({@code SELECT ... FOR UPDATE}) in the same transaction as its AuditEvent
 * insert: chain order is commit order and no two events get the same predecessor.
 */
final class AuditChainHead {

  static final String TABLE = "sluis_audit_chain_head";

  record Head(long sequence, String hash) {}

  private final JdbcTemplate jdbc;

  AuditChainHead(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Plain JDBC at start-up (works on H2 and PostgreSQL); several nodes may race, both statements are safe. */
  void createIfMissing() {
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE
        + " (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash VARCHAR(64) NOT NULL)");
    try {
      jdbc.update("INSERT INTO " + TABLE + " (id, seq, hash) SELECT 1, 0, ? WHERE NOT EXISTS (SELECT 1 FROM "
          + TABLE + " WHERE id = 1)", AuditChainHash.GENESIS);
    } catch (org.springframework.dao.DuplicateKeyException anotherNodeWasFaster) {
      // the row exists: that is all we wanted
    }
  }

  /** Must run inside the transaction that also stores the events; holds the lock until it ends. */
  Head lock() {
    return jdbc.queryForObject("SELECT seq, hash FROM " + TABLE + " WHERE id = 1 FOR UPDATE",
        (row, i) -> new Head(row.getLong(1), row.getString(2)));
  }

  void advance(Head head) {
    int updated = jdbc.update("UPDATE " + TABLE + " SET seq = ?, hash = ? WHERE id = 1", head.sequence(), head.hash());
    if (updated != 1) {
      throw new IllegalStateException("audit chain head row is missing");
    }
  }

  /** Without lock: for verification, which compares the stored chain's end with the head. */
  Head read() {
    return jdbc.queryForObject("SELECT seq, hash FROM " + TABLE + " WHERE id = 1",
        (row, i) -> new Head(row.getLong(1), row.getString(2)));
  }
}
