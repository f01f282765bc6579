package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a database of an earlier version to the one-copy trail, at start-up. Rows logged before the search
 * index existed get their indexed columns and terms (in chunks, each under the chain head's lock so that two
 * starting nodes do not index a row twice; event and hash are not touched). The list of events waiting to
 * become HAPI resources ({@code sluis_audit_pending}) is dropped: they are in the log, the only copy now. The
 * AuditEvent resources earlier versions stored stay in HAPI's tables, unread ({@link AppendOnlyGuard} hides
 * them from every HAPI path).
 *
 * <p>A database from before the audit log (its chain only in HAPI resources) is refused: the previous release
 * (log plus resource copy) copies such a chain into the log at its start-up; start it once first.
 */
final class AuditLogUpgrade {

  private static final Logger log = LoggerFactory.getLogger(AuditLogUpgrade.class);
  private static final int INDEX_CHUNK = 1000;
  private final AuditLog auditLog;
  private final AuditChainHead head;
  private final TransactionTemplate transactions;
  private final FhirContext fhir;

  AuditLogUpgrade(AuditLog auditLog, AuditChainHead head, TransactionTemplate transactions, FhirContext fhir) {
    this.auditLog = auditLog;
    this.head = head;
    this.transactions = transactions;
    this.fhir = fhir;
  }

  /** Every step; each does nothing on a database that is up to date. */
  void run() {
    if (head.read().sequence() > 0 && auditLog.isEmpty()) {
      throw new IllegalStateException("The audit chain has events but the audit log has none: this database is "
          + "from before the audit log. Start the previous release once (it copies the chain into the log), "
          + "then this one.");
    }
    auditLog.forgetFacets();
    int indexed = 0;
    int chunk;
    do {
      chunk = indexChunk();
      indexed += chunk;
    } while (chunk > 0);
    if (indexed > 0) {
      log.info("Audit log: indexed {} events logged before the search index (or the report's columns, or the request facets) existed",
          indexed);
    }
    auditLog.dropFormerPendingList();
  }

  private int indexChunk() {
    IParser parser = fhir.newJsonParser();
    Integer done = transactions.execute(status -> {
      head.lock();
      List<AuditLog.Entry> entries = new ArrayList<>();
      for (AuditLog.Entry row : auditLog.unindexed(INDEX_CHUNK)) {
        try {
          entries.add(AuditLog.Entry.of(row.sequence(), row.hash(), row.json(),
              parser.parseResource(AuditEvent.class, row.json())));
        } catch (DataFormatException unreadable) {
          // a row changed in the database: left unsearchable, and verification names it
          entries.add(new AuditLog.Entry(row.sequence(), row.hash(), row.json(), null, null, Set.of(), Set.of(),
              AuditLog.ReportColumns.NONE));
        }
      }
      if (!entries.isEmpty()) {
        auditLog.index(entries);
      }
      return entries.size();
    });
    return done == null ? 0 : done;
  }
}
