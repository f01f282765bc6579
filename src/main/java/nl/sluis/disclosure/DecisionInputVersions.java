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
        + " (scope VARCHAR(200) PRIMARY KEY, token BIGINT NOT NULL)");
  }

  long read(String scope) {
    List<Long> tokens = jdbc.queryForList("SELECT token FROM " + TABLE + " WHERE scope = ?", Long.class, scope);
    return tokens.isEmpty() ? NEVER_WRITTEN : tokens.get(0);
  }

  /**
   * Gives each scope a new token; must run in the transaction that writes the records. Scopes are written
   * in sorted order so that two transactions touching the same scopes cannot deadlock on them.
   */
  void replace(Collection<String> scopes) {
    for (String scope : new TreeSet<>(scopes)) {
      long token = newToken();
      if (postgres) {
        jdbc.update("INSERT INTO " + TABLE + " (scope, token) VALUES (?, ?) "
            + "ON CONFLICT (scope) DO UPDATE SET token = EXCLUDED.token", scope, token);
      } else {
        jdbc.update("MERGE INTO " + TABLE + " (scope, token) KEY (scope) VALUES (?, ?)", scope, token);
      }
    }
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
