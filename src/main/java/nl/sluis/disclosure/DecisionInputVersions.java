package nl.sluis.disclosure;

import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Change tokens of the records decisions rest on, in the database shared by every server node. A scope is
 * one client ({@code Patient/123}: its Patient, CareTeams, RelatedPersons and Consents) or {@link #GLOBAL}
 * (the organisation policy, PractitionerRoles, Organizations). Every write of such a record replaces its
 * scope's token in the writing transaction; a node may reuse what it derived from a scope only while the
 * token it reads at the start of a decision is the one it derived it under. So a revocation committed on
 * any node is seen by the very next request on every node, at the price of one primary-key read.
 *
 * <p>Why not HAPI's resource-change listener: it polls, so between polls a node would still decide on a
 * revoked consent.
 */
final class DecisionInputVersions {

  static final String TABLE = "sluis_disclosure_version";
  static final String GLOBAL = "*";
  /** The token of a scope that was never written. */
  static final long NEVER_WRITTEN = 0L;
  private final JdbcTemplate jdbc;
  private final boolean postgres;

  DecisionInputVersions(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.postgres = isPostgres(dataSource);
  }

  /** Plain JDBC at start-up; several nodes may race, the statement is idempotent. */
  void createIfMissing() {
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE
        + " (scope VARCHAR(200) PRIMARY KEY, token BIGINT NOT NULL, inputs TEXT)");
  }

  /** A scope's token and the snapshot of its records stored with it (null: none, read the records). */
  record Snapshot(long token, String inputs) {}

  long read(String scope) {
    List<Long> tokens = jdbc.queryForList("SELECT token FROM " + TABLE + " WHERE scope = ?", Long.class, scope);
    return tokens.isEmpty() ? NEVER_WRITTEN : tokens.get(0);
  }

  /** The global and a client's token; the client's snapshot only if its token is not the one already known. */
  record ClientTokens(long global, long client, String inputs) {}

  /**
   * One query for a decision on a client: both tokens, and the client's snapshot unless its token equals
   * {@code knownClientToken} (what a cache already holds), so a cache hit transfers no snapshot.
   */
  ClientTokens readForClient(String clientScope, long knownClientToken) {
    long[] tokens = {NEVER_WRITTEN, NEVER_WRITTEN};
    String[] inputs = {null};
    jdbc.query("SELECT scope, token, CASE WHEN scope = ? AND token <> ? THEN inputs END FROM " + TABLE
        + " WHERE scope IN (?, ?)", row -> {
          if (GLOBAL.equals(row.getString(1))) {
            tokens[0] = row.getLong(2);
          } else {
            tokens[1] = row.getLong(2);
            inputs[0] = row.getString(3);
          }
        }, clientScope, knownClientToken, GLOBAL, clientScope);
    return new ClientTokens(tokens[0], tokens[1], inputs[0]);
  }

  /** Token and snapshot in one statement, so they belong together. */
  Snapshot readWithInputs(String scope) {
    List<Snapshot> rows = jdbc.query("SELECT token, inputs FROM " + TABLE + " WHERE scope = ?",
        (row, i) -> new Snapshot(row.getLong(1), row.getString(2)), scope);
    return rows.isEmpty() ? new Snapshot(NEVER_WRITTEN, null) : rows.get(0);
  }

  /**
   * Stores a snapshot of a scope's records taken after the change with this token committed, unless a
   * later change replaced the token meanwhile (its own snapshot follows). A waiting concurrent writer makes
   * this statement wait and then re-check the token.
   */
  boolean storeInputsIfCurrent(String scope, long token, String inputs) {
    if (token == NEVER_WRITTEN) {
      // No row: the scope was never written since tokens exist (e.g. data loaded before). A row with a
      // fresh token; if a writer inserted one meanwhile, its token wins and this snapshot is dropped.
      try {
        return jdbc.update("INSERT INTO " + TABLE + " (scope, token, inputs) SELECT ?, ?, ? WHERE NOT EXISTS "
            + "(SELECT 1 FROM " + TABLE + " WHERE scope = ?)", scope, newToken(), inputs, scope) == 1;
      } catch (org.springframework.dao.DataIntegrityViolationException raced) {
        return false;
      }
    }
    return jdbc.update("UPDATE " + TABLE + " SET inputs = ? WHERE scope = ? AND token = ?", inputs, scope, token) == 1;
  }

  /**
   * Gives each scope a new token and drops its snapshot (a writer that stores none leaves readers to read
   * the records); must run in the transaction that writes the records. It locks the scopes' rows until
   * that transaction ends, in sorted order so that two transactions touching the same scopes cannot
   * deadlock on them.
   */
  java.util.Map<String, Long> replace(Collection<String> scopes) {
    java.util.Map<String, Long> replaced = new java.util.TreeMap<>();
    for (String scope : new TreeSet<>(scopes)) {
      long token = newToken();
      replaced.put(scope, token);
      if (postgres) {
        jdbc.update("INSERT INTO " + TABLE + " (scope, token) VALUES (?, ?) "
            + "ON CONFLICT (scope) DO UPDATE SET token = EXCLUDED.token, inputs = NULL", scope, token);
      } else {
        jdbc.update("MERGE INTO " + TABLE + " (scope, token, inputs) KEY (scope) VALUES (?, ?, NULL)", scope, token);
      }
    }
    return replaced;
  }

  /** Random, never {@link #NEVER_WRITTEN}: only equality matters, and no counter needs reading first. */
  private static long newToken() {
    long token;
    do {
      token = ThreadLocalRandom.current().nextLong();
    } while (token == NEVER_WRITTEN);
    return token;
  }

  static boolean isPostgres(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot determine the database product", e);
    }
  }
}
