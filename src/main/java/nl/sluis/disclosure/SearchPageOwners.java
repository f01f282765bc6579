package nl.sluis.disclosure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which requester created which search, in the database every node shares: a page link
 * ({@code _getpages}) serves only the requester that ran the search, on whichever node it arrives. Only a
 * hash of the requester's attributes is stored (no user ids in this table). Entries expire after
 * {@link #LIFETIME}; expired ones are deleted now and then by whichever node notices.
 */
final class SearchPageOwners {

  static final String TABLE = "sluis_search_owner";
  static final Duration LIFETIME = Duration.ofHours(2);
  private static final long CLEAN_UP_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();
  private final JdbcTemplate jdbc;
  private final boolean postgres;
  private final Clock clock;
  private final AtomicLong lastCleanUp = new AtomicLong();

  SearchPageOwners(DataSource dataSource, boolean postgres, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.postgres = postgres;
    this.clock = clock;
  }

  void createIfMissing() {
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE
        + " (search_id VARCHAR(200) PRIMARY KEY, owner_hash VARCHAR(64) NOT NULL, created_millis BIGINT NOT NULL)");
  }

  /** The first requester to register a search id owns it. */
  void remember(String searchId, String owner) {
    long now = clock.millis();
    if (postgres) {
      jdbc.update("INSERT INTO " + TABLE + " (search_id, owner_hash, created_millis) VALUES (?, ?, ?) "
          + "ON CONFLICT (search_id) DO NOTHING", searchId, hash(owner), now);
    } else {
      try {
        jdbc.update("INSERT INTO " + TABLE + " (search_id, owner_hash, created_millis) SELECT ?, ?, ? "
            + "WHERE NOT EXISTS (SELECT 1 FROM " + TABLE + " WHERE search_id = ?)", searchId, hash(owner), now,
            searchId);
      } catch (org.springframework.dao.DuplicateKeyException registeredConcurrently) {
        // the first registration stands
      }
    }
    long last = lastCleanUp.get();
    if (now - last > CLEAN_UP_EVERY_MILLIS && lastCleanUp.compareAndSet(last, now)) {
      jdbc.update("DELETE FROM " + TABLE + " WHERE created_millis < ?", now - LIFETIME.toMillis());
    }
  }

  boolean isOwnedBy(String searchId, String owner) {
    List<String> owners = jdbc.queryForList("SELECT owner_hash FROM " + TABLE
        + " WHERE search_id = ? AND created_millis >= ?", String.class, searchId, clock.millis() - LIFETIME.toMillis());
    return !owners.isEmpty() && owners.get(0).equals(hash(owner));
  }

  private static String hash(String owner) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
