package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 16's log-size targets, on the audit log's own code (no HTTP, no Spring context): generates a log of
 * N sealed disclosure events (default 1,000,000: 10,000 clients, one year, 50 recipient organisations) in an
 * embedded PostgreSQL, then prints the time of (1) one client's report over a year, (2) every client's events
 * of one day, page by page (200 per page) and as one report, (3) verifying the whole chain.
 * In the audit package because the log's classes are package-private.
 *
 * <pre>mvn -q -Pbench test-compile exec:exec -Dbench.main=nl.sluis.audit.AuditLogBenchmark -Dbench.args=1000000</pre>
 */
public final class AuditLogBenchmark {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final int CLIENTS = 10_000;
  private static final int ORGANISATIONS = 50;
  private static final int BATCH = 5_000;

  private AuditLogBenchmark() {}

  /** A new database of the embedded PostgreSQL with the log's tables, on one connection. */
  private record Store(SingleConnectionDataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transactions,
      AuditChainHead head, AuditLog log) {

    static Store open(String database) {
      SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
          EmbeddedPostgresDatabase.createDatabase(database), EmbeddedPostgresDatabase.USER,
          EmbeddedPostgresDatabase.PASSWORD, true);
      dataSource.setAutoCommit(true);
      JdbcTemplate jdbc = new JdbcTemplate(dataSource);
      AuditChainHead head = new AuditChainHead(jdbc);
      head.createIfMissing();
      AuditLog log = new AuditLog(jdbc);
      log.createIfMissing();
      return new Store(dataSource, jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), head,
          log);
    }
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("floor")) {
      floor(args.length > 1 ? Integer.parseInt(args[1]) : 40_000);
      return;
    }
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Store store = Store.open("sluis_audit_bench");
    SingleConnectionDataSource dataSource = store.dataSource();
    JdbcTemplate jdbc = store.jdbc();
    TransactionTemplate transactions = store.transactions();
    AuditChainHead head = store.head();
    AuditLog log = store.log();
    AuditChainHash hash = new AuditChainHash(FHIR);

    Instant start = LocalDate.now().minusYears(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    long span = ChronoUnit.MILLIS.between(start, start.plus(365, ChronoUnit.DAYS));
    long t0 = System.nanoTime();
    generate(events, start, span, hash, log, head, transactions);
    System.out.printf(Locale.ROOT, "generated %,d events in %.0f s%n", events, seconds(t0));
    t0 = System.nanoTime();
    jdbc.execute("VACUUM ANALYZE");
    System.out.printf(Locale.ROOT, "VACUUM ANALYZE in %.0f s%n", seconds(t0));

    AuditTrailQuery query = new AuditTrailQuery(log, FHIR);
    String year = LocalDate.now().minusYears(1).toString();
    String today = LocalDate.now().toString();
    String day = LocalDate.now().minusDays(100).toString();
    for (int round = 1; round <= 3; round++) {
      System.out.println("round " + round);
      int client = 1 + round * 37;
      String recipient = String.format(Locale.ROOT, "%08d", 10 + round);
      time("  report, one client, one year", () -> query.find("Patient/c" + client, year, today).size());
      time("  report, every client, one day", () -> query.find(null, day, day).size());
      Instant from = LocalDate.parse(day).atStartOfDay().toInstant(ZoneOffset.UTC);
      long fromMs = from.toEpochMilli();
      long toMs = from.plus(1, ChronoUnit.DAYS).toEpochMilli() - 1;
      time("  search, every client, one day, all pages of 200", () -> {
        int total = 0;
        IParser parser = FHIR.newJsonParser();
        for (int offset = 0; ; offset += 200) {
          List<AuditLog.Entry> page = log.search(new AuditLog.Query(null, null, fromMs, toMs, List.of(), false,
              offset, 201));
          page.stream().limit(200).forEach(entry -> AuditLog.event(entry, parser));
          total += Math.min(200, page.size());
          if (page.size() <= 200) {
            return total;
          }
        }
      });
      // $disclosure-report as the operation runs it: total, groups, legal-ground total, one page of 100 events
      time("  $disclosure-report, every client, one day", () -> report(query, new AuditLog.ReportQuery(null,
          fromMs, toMs, null, null, null, null, null, false)));
      time("  $disclosure-report, every client, the whole year", () -> report(query, new AuditLog.ReportQuery(null,
          null, null, null, null, null, null, null, false)));
      time("  $disclosure-report, one recipient, permitted, the whole year", () -> report(query,
          new AuditLog.ReportQuery(null, null, null, recipient, "permit", null, null, null, false)));
      time("  $disclosure-report, every client, one day, page at offset 2,000", () -> query.page(
          new AuditLog.ReportQuery(null, fromMs, toMs, null, null, null, null, null, false), true, 2_000, 100).size());
      time("  search, one recipient (agent-identifier), first page", () -> log.search(new AuditLog.Query(null,
          null, null, null, List.of(List.of(new AuditSearchTerms.Term("agent-identifier", recipient))),
          true, 0, 21)).size());
    }
    AuditChainVerifier verifier = new AuditChainVerifier(hash, head, log, readOnly(transactions), FHIR);
    time("verify the whole chain", () -> {
      AuditChainVerifier.Result result = verifier.verify();
      if (!result.valid()) {
        throw new IllegalStateException(result.problem());
      }
      return result.events();
    });
    dataSource.destroy();
    System.exit(0); // the embedded PostgreSQL stops with the JVM
  }

  /**
   * The floor of the audit trail's cost per event: only storing already sealed events, by the log's own code, in
   * group commits of 1, 8 and 32 events (the writer's transaction: lock the chain head, append, advance, commit),
   * with nothing else running, 50 requesters. Prints the CPU per event of this JVM's storing thread (JDBC) and of
   * PostgreSQL (all its processes: backend, WAL writer, checkpointer, autovacuum).
   * Building and sealing the events is timed apart; the request's hand-over and the writer thread are not counted.
   */
  private static void floor(int events) {
    Store store = Store.open("sluis_audit_floor");
    AuditChainHash hash = new AuditChainHash(FHIR);
    nl.sluis.bench.DatabaseCpu database = nl.sluis.bench.DatabaseCpu.ofEmbedded();
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    Random random = new Random(16);
    long now = System.currentTimeMillis();
    AuditChainHead.Head current = new AuditChainHead.Head(0, AuditChainHash.GENESIS);
    int[] groups = {8, 1, 8, 32, 1, 8, 32};
    System.out.printf(Locale.ROOT, "%,d events per round, sealed before timing; round 1 warms up%n", events);
    for (int round = 0; round < groups.length; round++) {
      int group = groups[round];
      List<AuditLog.Entry> sealed = new ArrayList<>(events);
      long sealing = threads.getCurrentThreadCpuTime();
      for (int i = 1; i <= events; i++) {
        long seq = current.sequence() + 1;
        AuditEvent event = event(random, new Date(now + seq));
        // one professional per organisation: a requester's facets repeat (stored once per combination), as in use
        event.getAgent().get(0).getWho().getIdentifier()
            .setValue("uzi-" + event.getAgent().get(1).getWho().getIdentifier().getValue());
        AuditChainHash.Sealed seal = hash.seal(event, seq, current.hash());
        sealed.add(AuditLog.Entry.of(seq, seal.hash(), seal.canonicalJson(), event));
        current = new AuditChainHead.Head(seq, seal.hash());
      }
      double sealMs = (threads.getCurrentThreadCpuTime() - sealing) / 1e6;
      long wall = System.nanoTime();
      long jvm = threads.getCurrentThreadCpuTime();
      long pg = database.millis();
      for (int from = 0; from < events; from += group) {
        List<AuditLog.Entry> rows = sealed.subList(from, Math.min(events, from + group));
        AuditLog.Entry last = rows.get(rows.size() - 1);
        store.transactions().executeWithoutResult(status -> {
          store.head().lock();
          store.log().append(rows);
          store.head().advance(new AuditChainHead.Head(last.sequence(), last.hash()));
        });
      }
      double jvmMs = (threads.getCurrentThreadCpuTime() - jvm) / 1e6;
      double pgMs = database.millis() - pg;
      System.out.printf(Locale.ROOT, "round %d, %2d events per commit: %6.0f events/s, CPU per event: storing"
          + " thread %.3f ms + PostgreSQL %.3f ms = %.3f ms; building and sealing it before: %.3f ms%s%n", round + 1,
          group, events / ((System.nanoTime() - wall) / 1e9), jvmMs / events, pgMs / events, (jvmMs + pgMs) / events,
          sealMs / events, round == 0 ? " (warm-up)" : "");
    }
    // The least any durable record of an event can cost: its sealed text in a table with only a primary key.
    store.jdbc().execute(
        "CREATE TABLE audit_floor_bare (seq BIGINT PRIMARY KEY, hash VARCHAR(64) NOT NULL, event TEXT NOT NULL)");
    long seq = 0;
    for (int group : new int[] {8, 8, 32}) {
      List<Object[]> rows = new ArrayList<>(events);
      for (int i = 0; i < events; i++) {
        AuditEvent event = event(random, new Date(now + i));
        AuditChainHash.Sealed seal = hash.seal(event, ++seq, AuditChainHash.GENESIS);
        rows.add(new Object[] {seq, seal.hash(), seal.canonicalJson()});
      }
      long wall = System.nanoTime();
      long jvm = threads.getCurrentThreadCpuTime();
      long pg = database.millis();
      for (int from = 0; from < events; from += group) {
        List<Object[]> chunk = rows.subList(from, Math.min(events, from + group));
        store.transactions().executeWithoutResult(status ->
            store.jdbc().batchUpdate("INSERT INTO audit_floor_bare (seq, hash, event) VALUES (?, ?, ?)", chunk));
      }
      double jvmMs = (threads.getCurrentThreadCpuTime() - jvm) / 1e6;
      double pgMs = database.millis() - pg;
      System.out.printf(Locale.ROOT, "bare table, %2d events per commit: %6.0f events/s, CPU per event: storing"
          + " thread %.3f ms + PostgreSQL %.3f ms = %.3f ms%n", group,
          events / ((System.nanoTime() - wall) / 1e9), jvmMs / events, pgMs / events, (jvmMs + pgMs) / events);
    }
    store.dataSource().destroy();
    System.exit(0);
  }

  private static TransactionTemplate readOnly(TransactionTemplate transactions) {
    TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
    readOnly.setReadOnly(true);
    return readOnly;
  }

  private static void generate(int count, Instant start, long span, AuditChainHash hash, AuditLog log,
      AuditChainHead head, TransactionTemplate transactions) {
    Random random = new Random(16);
    AuditChainHead.Head current = new AuditChainHead.Head(0, AuditChainHash.GENESIS);
    List<AuditLog.Entry> batch = new ArrayList<>(BATCH);
    for (int i = 1; i <= count; i++) {
      long recorded = start.toEpochMilli() + (long) ((double) span * i / count);
      AuditEvent event = event(random, new Date(recorded));
      AuditChainHash.Sealed sealed = hash.seal(event, i, current.hash());
      batch.add(AuditLog.Entry.of(i, sealed.hash(), sealed.canonicalJson(), event));
      current = new AuditChainHead.Head(i, sealed.hash());
      if (batch.size() == BATCH || i == count) {
        List<AuditLog.Entry> rows = List.copyOf(batch);
        AuditChainHead.Head last = current;
        transactions.executeWithoutResult(status -> {
          log.append(rows);
          head.advance(last);
        });
        batch.clear();
        if (i % 100_000 == 0) {
          System.out.printf(Locale.ROOT, "  %,d%n", i);
        }
      }
    }
  }

  /** A disclosure event of the usual shape: a read by an external organisation, permitted or denied. */
  private static AuditEvent event(Random random, Date recorded) {
    int client = 1 + random.nextInt(CLIENTS);
    String ura = String.format(Locale.ROOT, "%08d", 10 + random.nextInt(ORGANISATIONS));
    boolean permit = random.nextInt(3) > 0;
    AuditEvent event = new AuditEvent();
    event.getMeta().addProfile(AuditCodes.PROFILE);
    event.setType(new Coding(AuditCodes.EVENT_TYPE, "rest", "RESTful Operation"));
    event.addSubtype(new Coding(AuditCodes.INTERACTION, "read", "read"));
    event.setAction(AuditEvent.AuditEventAction.R);
    event.setRecorded(recorded);
    event.setOutcome(permit ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
    event.setOutcomeDesc(permit ? "permit" : "deny");
    event.addPurposeOfEvent(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason",
        "TREAT", "treatment")));
    event.addAgent().setRequestor(true)
        .setType(new CodeableConcept(new Coding(AuditCodes.PARTICIPATION, "IRCP", "information recipient")))
        .setWho(new Reference().setIdentifier(new Identifier().setSystem(AuditCodes.TOKEN_SUBJECT)
            .setValue("uzi-9000" + random.nextInt(100_000))).setDisplay("Dr. Bench"));
    event.addAgent().setRequestor(false)
        .setType(new CodeableConcept(new Coding(AuditCodes.DICOM, "110153", "Source Role ID")))
        .setWho(new Reference().setIdentifier(new Identifier().setSystem("http://fhir.nl/fhir/NamingSystem/ura")
            .setValue(ura)).setDisplay("Organisatie " + ura));
    event.getSource().setObserver(new Reference().setDisplay("Sluis"));
    event.addEntity().setWhat(new Reference("Patient/c" + client))
        .setType(new Coding(AuditCodes.ENTITY_TYPE, "1", "Person"))
        .setRole(new Coding(AuditCodes.OBJECT_ROLE, "1", "Patient"));
    event.addEntity().setWhat(new Reference("Observation/o" + client + "-" + random.nextInt(50)))
        .setType(new Coding(AuditCodes.ENTITY_TYPE, "2", "System Object"))
        .setRole(new Coding(AuditCodes.OBJECT_ROLE, "4", "Domain Resource"))
        .addDetail().setType(AuditCodes.ENTITY_DETAIL_REASON).setValue(new StringType(permit
            ? "The client consented to this recipient." : "Professional secrecy: no consent for this recipient."));
    event.addEntity().setType(new Coding(AuditCodes.ENTITY_TYPE, "2", "System Object"))
        .setRole(new Coding(AuditCodes.OBJECT_ROLE, "24", "Query")).setDescription("Observation/o" + client);
    var basis = event.addEntity().setType(new Coding(AuditCodes.RESOURCE_TYPES, "Consent", "Consent"))
        .setRole(new Coding(AuditCodes.OBJECT_ROLE, "13", "Security Resource"));
    if (permit) {
      basis.setWhat(new Reference("Consent/k" + client));
      // one permit in a hundred rests on a legal ground without consent (the report lists those apart)
      basis.addExtension(AuditCodes.LEGAL_GROUND_EXTENSION, new Coding(AuditCodes.LEGAL_GROUND,
          random.nextInt(100) == 0 ? "conflict-of-duties" : "consent", null));
    } else {
      basis.setWhat(new Reference().setIdentifier(new Identifier().setSystem(AuditCodes.DISCLOSURE_RULE)
          .setValue("policy:external-default-deny")));
    }
    return event;
  }

  /** What one $disclosure-report request asks of the log (as DisclosureReportOperation does); the total. */
  private static long report(AuditTrailQuery query, AuditLog.ReportQuery filter) {
    List<AuditLog.ReportGroup> groups = query.groups(filter, DisclosureReportOperation.MAX_GROUPS + 1);
    long legal = groups.stream().filter(AuditLog.ReportGroup::legal).mapToLong(AuditLog.ReportGroup::count).sum();
    if (legal > 0) {
      query.page(filter.onlyLegalGrounds(), true, 0, 100);
    }
    query.page(filter, true, 0, 100);
    return groups.stream().mapToLong(AuditLog.ReportGroup::count).sum();
  }

  private static void time(String what, Supplier<Number> work) {
    long t0 = System.nanoTime();
    Number result = work.get();
    System.out.printf(Locale.ROOT, "%-60s %,10.0f ms  (%,d events)%n", what, (System.nanoTime() - t0) / 1e6,
        result.longValue());
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
