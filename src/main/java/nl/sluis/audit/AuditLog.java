package nl.sluis.audit;

import ca.uhn.fhir.parser.IParser;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit trail's only copy: one row per sealed AuditEvent in {@code sluis_audit_log} (sequence, chain hash,
 * the event's JSON, client and time as indexed columns, the id of its combination of request facets), its other
 * search terms in {@code sluis_audit_index} ({@link AuditSearchTerms}) and each new facet combination once in
 * {@code sluis_audit_facet}, inserted with plain JDBC (H2 and PostgreSQL) under the chain head's lock in the
 * transaction that advances the head: what a request waits for before its response leaves. Nothing in the
 * server updates or deletes an event ({@link AuditLogUpgrade} only fills the index of older rows).
 */
final class AuditLog {

  static final String LOG = "sluis_audit_log";
  static final String INDEX = "sluis_audit_index";
  /** Each distinct combination of request facets ({@link AuditSearchTerms#REQUEST_FACETS}) once: id and digest. */
  static final String FACET_SET = "sluis_audit_facet_set";
  /** The terms of each combination: what {@code agent}, {@code purpose}, … searches match an event's combination by. */
  static final String FACET = "sluis_audit_facet";
  /** Where earlier versions listed events not yet stored as HAPI resources; dropped at start-up. */
  static final String FORMER_PENDING = "sluis_audit_pending";
  private static final int FETCH_SIZE = 1000; // rows per round trip when streaming (verification)

  /**
   * One sealed event as logged; {@code client} ("Patient/1"), {@code recordedMillis}, {@code terms} (about the
   * records: one index row each) and {@code facets} (about the request: stored once per combination) are copied
   * out of the event for the indexes (null/empty when read back, where only the event counts).
   */
  record Entry(long sequence, String hash, String json, String client, Long recordedMillis,
      Set<AuditSearchTerms.Term> terms, Set<AuditSearchTerms.Term> facets, ReportColumns report) {

    Entry(long sequence, String hash, String json) {
      this(sequence, hash, json, null, null, Set.of(), Set.of(), ReportColumns.NONE);
    }

    /** The entry for a sealed event, with what its indexes need. */
    static Entry of(long sequence, String hash, String json, AuditEvent event) {
      Set<AuditSearchTerms.Term> terms = new LinkedHashSet<>();
      Set<AuditSearchTerms.Term> facets = new LinkedHashSet<>();
      AuditSearchTerms.of(event).forEach(term -> (term.isRequestFacet() ? facets : terms).add(term));
      return new Entry(sequence, hash, json, clientOf(event),
          event.getRecorded() == null ? null : event.getRecorded().getTime(), terms, facets, ReportColumns.of(event));
    }

    /** Names the combination of facets independent of order; null without facets. */
    String facetDigest() {
      if (facets.isEmpty()) {
        return null;
      }
      return AuditChainHash.sha256(facets.stream().map(term -> term.name() + "\u0000" + term.value()).sorted()
          .collect(java.util.stream.Collectors.joining("\n")));
    }
  }

  /**
   * What the privacy officer's report filters, groups and counts by, as columns of the event's own row, so that a
   * report over a busy period is counted and paged in the database instead of parsing every event.
   */
  record ReportColumns(String recipient, String recipientName, String outcome, String ground, String legalGround) {

    static final ReportColumns NONE = new ReportColumns(null, null, null, null, null);

    static ReportColumns of(AuditEvent event) {
      DisclosureRecord record = DisclosureRecord.of(event);
      return new ReportColumns(fit(record.organization()), cut(record.organizationName(), NAME_LENGTH),
          fit(record.outcome()), fit(record.ground()), fit(record.legalGroundWithoutConsent()));
    }

    /** Values that do not fit are left out (none of ours comes near; a filter on them finds nothing, as it should). */
    private static String fit(String value) {
      return value == null || value.length() > AuditSearchTerms.MAX_VALUE_LENGTH ? null : value;
    }

    private static String cut(String value, int length) {
      return value == null || value.length() <= length ? value : value.substring(0, length);
    }
  }

  /**
   * The {@code indexed} level of a row: 1 = search terms; 2 = also the report's columns; 3 = request facets by
   * combination instead of one term row each.
   */
  static final int INDEX_LEVEL = 3;
  /** Facet combinations this node knows the id of (ids never change); forgotten wholesale past this size. */
  private static final int MAX_KNOWN_FACETS = 10_000;
  private static final int NAME_LENGTH = 200;

  /** What a search asks: each list null when not asked; {@code terms} one OR-group per AND-ed parameter. */
  record Query(Collection<Long> sequences, Collection<String> clients, Long from, Long to,
      List<List<AuditSearchTerms.Term>> terms, boolean newestFirst, int offset, int count) {}

  /** The client an event is about: its Patient entity (object role 1). */
  static String clientOf(AuditEvent event) {
    return event.getEntity().stream()
        .filter(e -> e.getRole() != null && AuditCodes.OBJECT_ROLE.equals(e.getRole().getSystem())
            && "1".equals(e.getRole().getCode()) && e.getWhat().hasReference())
        .map(e -> e.getWhat().getReference()).findFirst().orElse(null);
  }

  private final JdbcTemplate jdbc;
  private final Map<String, Long> knownFacets = new ConcurrentHashMap<>();

  AuditLog(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** At start-up; several nodes may race (as for the chain head). */
  void createIfMissing() {
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + LOG
        + " (seq BIGINT PRIMARY KEY, hash VARCHAR(64) NOT NULL, event TEXT NOT NULL)");
    // Added after the first release of the log: filled by the writer, and for older rows by AuditLogUpgrade.
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS client VARCHAR(100)");
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS recorded_ms BIGINT");
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS indexed SMALLINT");
    int length = AuditSearchTerms.MAX_VALUE_LENGTH;
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS recipient VARCHAR(" + length + ")");
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS recipient_name VARCHAR(" + NAME_LENGTH + ")");
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS disclosure_outcome VARCHAR(" + length + ")");
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS ground VARCHAR(" + length + ")");
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS legal_ground VARCHAR(" + length + ")");
    jdbc.execute("CREATE INDEX IF NOT EXISTS " + LOG + "_client ON " + LOG + " (client, recorded_ms)");
    jdbc.execute("CREATE INDEX IF NOT EXISTS " + LOG + "_recorded ON " + LOG + " (recorded_ms, seq)");
    // the report's filters that are not by client or time alone: one recipient; the rare legal-ground events
    jdbc.execute("CREATE INDEX IF NOT EXISTS " + LOG + "_recipient ON " + LOG + " (recipient, recorded_ms)");
    jdbc.execute("CREATE INDEX IF NOT EXISTS " + LOG + "_legal_ground ON " + LOG + " (legal_ground, recorded_ms)");
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + INDEX
        + " (seq BIGINT NOT NULL, name VARCHAR(20) NOT NULL, val VARCHAR(" + AuditSearchTerms.MAX_VALUE_LENGTH
        + ") NOT NULL)");
    jdbc.execute("CREATE INDEX IF NOT EXISTS " + INDEX + "_term ON " + INDEX + " (name, val, seq)");
    jdbc.execute("CREATE INDEX IF NOT EXISTS " + INDEX + "_seq ON " + INDEX + " (seq)");
    jdbc.execute("ALTER TABLE " + LOG + " ADD COLUMN IF NOT EXISTS facets BIGINT");
    jdbc.execute("CREATE INDEX IF NOT EXISTS " + LOG + "_facets ON " + LOG + " (facets, recorded_ms)");
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + FACET_SET + " (id BIGINT PRIMARY KEY, digest VARCHAR(64) NOT NULL "
        + "UNIQUE)");
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + FACET + " (set_id BIGINT NOT NULL, name VARCHAR(20) NOT NULL, val "
        + "VARCHAR(" + AuditSearchTerms.MAX_VALUE_LENGTH + ") NOT NULL)");
    jdbc.execute("CREATE INDEX IF NOT EXISTS " + FACET + "_term ON " + FACET + " (name, val, set_id)");
  }

  /** Inside the transaction holding the chain head's lock: the entries and their search terms. */
  void append(List<Entry> entries) {
    Map<Entry, Long> facets = facetIds(entries, true);
    jdbc.batchUpdate("INSERT INTO " + LOG + " (seq, hash, event, client, recorded_ms, recipient, recipient_name, "
        + "disclosure_outcome, ground, legal_ground, facets, indexed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        + INDEX_LEVEL + ")",
        entries, entries.size(), (statement, entry) -> {
          statement.setLong(1, entry.sequence());
          statement.setString(2, entry.hash());
          statement.setString(3, entry.json());
          statement.setString(4, entry.client());
          statement.setObject(5, entry.recordedMillis(), Types.BIGINT);
          setReport(statement, 6, entry.report());
          statement.setObject(11, facets.get(entry), Types.BIGINT);
        });
    insertTerms(entries);
  }

  /**
   * The ids of the entries' facet combinations; a combination seen for the first time is stored with its terms.
   * Only under the chain head's lock (one writer at a time on every node, so ids cannot clash). This node
   * remembers ids once the transaction committed, never an id a rollback undid; {@code remembered} false looks
   * every combination up in the database (the upgrade at start-up, once). Each entry's digest is computed once.
   */
  private Map<Entry, Long> facetIds(List<Entry> entries, boolean remembered) {
    Map<Entry, Long> byEntry = new IdentityHashMap<>();
    Map<String, Long> ids = new HashMap<>();
    Map<String, Long> learned = new HashMap<>();
    for (Entry entry : entries) {
      String digest = entry.facetDigest();
      if (digest == null) {
        continue;
      }
      Long id = ids.containsKey(digest) ? ids.get(digest) : remembered ? knownFacets.get(digest) : null;
      if (id == null) {
        id = jdbc.query("SELECT id FROM " + FACET_SET + " WHERE digest = ?",
            rows -> rows.next() ? rows.getLong(1) : null, digest);
        if (id == null) {
          id = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM " + FACET_SET, Long.class);
          jdbc.update("INSERT INTO " + FACET_SET + " (id, digest) VALUES (?, ?)", id, digest);
          long setId = id;
          List<AuditSearchTerms.Term> terms = List.copyOf(entry.facets());
          jdbc.batchUpdate("INSERT INTO " + FACET + " (set_id, name, val) VALUES (?, ?, ?)", terms, terms.size(),
              (statement, term) -> {
                statement.setLong(1, setId);
                statement.setString(2, term.name());
                statement.setString(3, term.value());
              });
        }
        learned.put(digest, id);
      }
      ids.put(digest, id);
      byEntry.put(entry, id);
    }
    if (!learned.isEmpty() && TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          if (knownFacets.size() + learned.size() > MAX_KNOWN_FACETS) {
            knownFacets.clear();
          }
          knownFacets.putAll(learned);
        }
      });
    }
    return byEntry;
  }

  private static void setReport(java.sql.PreparedStatement statement, int first, ReportColumns report)
      throws java.sql.SQLException {
    statement.setString(first, report.recipient());
    statement.setString(first + 1, report.recipientName());
    statement.setString(first + 2, report.outcome());
    statement.setString(first + 3, report.ground());
    statement.setString(first + 4, report.legalGround());
  }

  private void insertTerms(List<Entry> entries) {
    List<Object[]> rows = new ArrayList<>();
    for (Entry entry : entries) {
      for (AuditSearchTerms.Term term : entry.terms()) {
        rows.add(new Object[] {entry.sequence(), term.name(), term.value()});
      }
    }
    // One multi-row INSERT per chunk instead of a JDBC batch of one-row INSERTs: the database runs one statement
    // for a group commit's terms (a few per event: the records it names and the grounds; facets are stored apart).
    for (int from = 0; from < rows.size(); from += TERMS_PER_STATEMENT) {
      List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + TERMS_PER_STATEMENT));
      StringBuilder sql = new StringBuilder("INSERT INTO " + INDEX + " (seq, name, val) VALUES ");
      Object[] arguments = new Object[chunk.size() * 3];
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
        System.arraycopy(chunk.get(i), 0, arguments, i * 3, 3);
      }
      jdbc.update(sql.toString(), arguments);
    }
  }

  /** Rows per multi-row INSERT of search terms (3 parameters each; PostgreSQL allows 32,767 per statement). */
  private static final int TERMS_PER_STATEMENT = 500;

  /** Before the upgrade re-reads the combinations (a node's memory must not outlive the database's contents). */
  void forgetFacets() {
    knownFacets.clear();
  }

  /** Up to {@code limit} rows logged before the indexes existed (or by a version without all of them), oldest first. */
  List<Entry> unindexed(int limit) {
    return jdbc.query("SELECT seq, hash, event FROM " + LOG + " WHERE indexed IS NULL OR indexed < " + INDEX_LEVEL
        + " ORDER BY seq FETCH FIRST "
        + limit + " ROWS ONLY", (row, i) -> new Entry(row.getLong(1), row.getString(2), row.getString(3)));
  }

  /** Fills the indexed columns and terms of rows {@link #unindexed} returned (event and hash stay as they are). */
  void index(List<Entry> entries) {
    Map<Entry, Long> facets = facetIds(entries, false);
    jdbc.batchUpdate("DELETE FROM " + INDEX + " WHERE seq = ?", entries, entries.size(),
        (statement, entry) -> statement.setLong(1, entry.sequence()));
    jdbc.batchUpdate("UPDATE " + LOG + " SET client = ?, recorded_ms = ?, recipient = ?, recipient_name = ?, "
        + "disclosure_outcome = ?, ground = ?, legal_ground = ?, facets = ?, indexed = " + INDEX_LEVEL
        + " WHERE seq = ?", entries, entries.size(), (statement, entry) -> {
          statement.setString(1, entry.client());
          statement.setObject(2, entry.recordedMillis(), Types.BIGINT);
          setReport(statement, 3, entry.report());
          statement.setObject(8, facets.get(entry), Types.BIGINT);
          statement.setLong(9, entry.sequence());
        });
    insertTerms(entries);
  }

  Optional<Entry> read(long sequence) {
    return jdbc.query("SELECT seq, hash, event FROM " + LOG + " WHERE seq = ?",
        (row, i) -> new Entry(row.getLong(1), row.getString(2), row.getString(3)), sequence).stream().findFirst();
  }

  /** One page of a search, in time order (then sequence), at most {@code count} rows from {@code offset}. */
  List<Entry> search(Query query) {
    StringBuilder sql = new StringBuilder("SELECT l.seq, l.hash, l.event FROM " + LOG + " l WHERE 1 = 1");
    List<Object> arguments = new ArrayList<>();
    if (query.sequences() != null) {
      in(sql, arguments, "l.seq", query.sequences());
    }
    if (query.clients() != null) {
      in(sql, arguments, "l.client", query.clients());
    }
    timeRange(sql, arguments, query.from(), query.to());
    for (List<AuditSearchTerms.Term> group : query.terms()) {
      anyOf(sql, arguments, group);
    }
    String direction = query.newestFirst() ? " DESC" : "";
    sql.append(" ORDER BY l.recorded_ms").append(direction).append(", l.seq").append(direction)
        .append(" OFFSET ").append(query.offset()).append(" ROWS FETCH FIRST ").append(query.count())
        .append(" ROWS ONLY");
    return jdbc.query(sql.toString(), (row, i) -> new Entry(row.getLong(1), row.getString(2), row.getString(3)),
        arguments.toArray());
  }

  /**
   * The privacy officer's report filters (each null when not asked): client ("Patient/1"), time range, recipient
   * URA, disclosure outcome, ground, purpose code and basis reference; {@code legalGroundsOnly}: only events that
   * rested on a legal ground without consent.
   */
  record ReportQuery(String client, Long from, Long to, String recipient, String outcome, String ground,
      String purpose, String basis, boolean legalGroundsOnly) {

    ReportQuery onlyLegalGrounds() {
      return new ReportQuery(client, from, to, recipient, outcome, ground, purpose, basis, true);
    }
  }

  /**
   * One group of the report: events to one recipient on one ground with one outcome, {@code legal} whether they
   * rested on a legal ground without consent (so that one pass over the period gives groups and both totals).
   */
  record ReportGroup(String recipient, String recipientName, String ground, String outcome, boolean legal,
      long count) {}

  long reportCount(ReportQuery query) {
    List<Object> arguments = new ArrayList<>();
    String where = reportWhere(query, arguments);
    Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + LOG + " l WHERE " + where, Long.class,
        arguments.toArray());
    return count == null ? 0 : count;
  }

  /** At most {@code limit} groups, by recipient, ground and outcome. */
  List<ReportGroup> reportGroups(ReportQuery query, int limit) {
    List<Object> arguments = new ArrayList<>();
    String where = reportWhere(query, arguments);
    String legal = "CASE WHEN l.legal_ground IS NULL THEN 0 ELSE 1 END";
    return jdbc.query("SELECT l.recipient, MAX(l.recipient_name), l.ground, l.disclosure_outcome, " + legal
        + ", COUNT(*) FROM " + LOG + " l WHERE " + where + " GROUP BY l.recipient, l.ground, l.disclosure_outcome, "
        + legal + " ORDER BY l.recipient, l.ground, l.disclosure_outcome FETCH FIRST " + limit + " ROWS ONLY",
        (row, i) -> new ReportGroup(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
            row.getInt(5) == 1, row.getLong(6)), arguments.toArray());
  }

  /** One page of the report's events, in time order (newest first when asked). */
  List<Entry> reportPage(ReportQuery query, boolean newestFirst, int offset, int count) {
    List<Object> arguments = new ArrayList<>();
    String where = reportWhere(query, arguments);
    String direction = newestFirst ? " DESC" : "";
    return jdbc.query("SELECT l.seq, l.hash, l.event FROM " + LOG + " l WHERE " + where + " ORDER BY l.recorded_ms"
        + direction + ", l.seq" + direction + " OFFSET " + offset + " ROWS FETCH FIRST " + count + " ROWS ONLY",
        (row, i) -> new Entry(row.getLong(1), row.getString(2), row.getString(3)), arguments.toArray());
  }

  private static String reportWhere(ReportQuery query, List<Object> arguments) {
    StringBuilder sql = new StringBuilder("1 = 1");
    equal(sql, arguments, "l.client", query.client());
    timeRange(sql, arguments, query.from(), query.to());
    equal(sql, arguments, "l.recipient", query.recipient());
    equal(sql, arguments, "l.disclosure_outcome", query.outcome());
    equal(sql, arguments, "l.ground", query.ground());
    if (query.legalGroundsOnly()) {
      sql.append(" AND l.legal_ground IS NOT NULL");
    }
    term(sql, arguments, "purpose", query.purpose());
    term(sql, arguments, "basis", query.basis());
    return sql.toString();
  }

  private static void timeRange(StringBuilder sql, List<Object> arguments, Long from, Long to) {
    if (from != null) {
      sql.append(" AND l.recorded_ms >= ?");
      arguments.add(from);
    }
    if (to != null) {
      sql.append(" AND l.recorded_ms <= ?");
      arguments.add(to);
    }
  }

  private static void equal(StringBuilder sql, List<Object> arguments, String column, String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      arguments.add(value);
    }
  }

  private static void term(StringBuilder sql, List<Object> arguments, String name, String value) {
    if (value != null) {
      anyOf(sql, arguments, List.of(new AuditSearchTerms.Term(name, value)));
    }
  }

  /**
   * The event matches one of the terms (all of one parameter): a request facet through its combination's terms,
   * any other term through the event's own index rows.
   */
  private static void anyOf(StringBuilder sql, List<Object> arguments, List<AuditSearchTerms.Term> terms) {
    if (terms.isEmpty()) {
      sql.append(" AND 1 = 0");
      return;
    }
    boolean facet = terms.get(0).isRequestFacet();
    sql.append(facet ? " AND l.facets IN (SELECT f.set_id FROM " + FACET + " f WHERE "
        : " AND EXISTS (SELECT 1 FROM " + INDEX + " i WHERE i.seq = l.seq AND (");
    String alias = facet ? "f" : "i";
    for (int t = 0; t < terms.size(); t++) {
      if (terms.get(t).isRequestFacet() != facet) {
        throw new IllegalArgumentException("one parameter's terms only: " + terms);
      }
      sql.append(t == 0 ? "" : " OR ").append("(" + alias + ".name = ? AND " + alias + ".val = ?)");
      arguments.add(terms.get(t).name());
      arguments.add(terms.get(t).value());
    }
    sql.append(facet ? ")" : "))");
  }

  private static void in(StringBuilder sql, List<Object> arguments, String column, Collection<?> values) {
    if (values.isEmpty()) {
      sql.append(" AND 1 = 0");
      return;
    }
    sql.append(" AND ").append(column).append(" IN (").append("?, ".repeat(values.size() - 1)).append("?)");
    arguments.addAll(values);
  }

  /** Once every event is in the log only, the former list of events waiting to become resources goes. */
  void dropFormerPendingList() {
    jdbc.execute("DROP TABLE IF EXISTS " + FORMER_PENDING);
  }

  boolean isEmpty() {
    return jdbc.queryForList("SELECT seq FROM " + LOG + " FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty();
  }

  /**
   * Every logged entry with sequence ≤ {@code upTo}, in sequence order, streamed (constant memory; on
   * PostgreSQL only inside a transaction, where the driver fetches with a cursor).
   */
  void forEach(long upTo, Consumer<Entry> consumer) {
    JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
    streaming.setFetchSize(FETCH_SIZE);
    streaming.query("SELECT seq, hash, event FROM " + LOG + " WHERE seq <= ? ORDER BY seq",
        row -> {
          consumer.accept(new Entry(row.getLong(1), row.getString(2), row.getString(3)));
        }, upTo);
  }

  /**
   * Parses a logged event and gives it the id it is served under: its chain sequence number. Rows store the
   * canonical form that was hashed (no meta, no hash extension); rows of versions before that store the
   * sealed event whole. Either way the event is served whole: profile, hash extension, version, time.
   */
  static AuditEvent event(Entry entry, IParser parser) {
    AuditEvent event = parser.parseResource(AuditEvent.class, entry.json());
    event.setId(new org.hl7.fhir.r4.model.IdType("AuditEvent", Long.toString(entry.sequence()), "1"));
    if (event.getExtensionByUrl(AuditChainHash.HASH_URL) == null) {
      event.addExtension(AuditChainHash.HASH_URL, new org.hl7.fhir.r4.model.StringType(entry.hash()));
      event.getMeta().addProfile(AuditCodes.PROFILE);
    }
    event.getMeta().setVersionId("1");
    if (event.getRecorded() != null) {
      event.getMeta().setLastUpdated(event.getRecorded());
    }
    return event;
  }
}
