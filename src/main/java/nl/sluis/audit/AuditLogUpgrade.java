package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings an earlier database to the one-copy trail, at start-up:
 * <ul>
 *   <li>databases from before the audit log kept the chain in HAPI AuditEvent resources only (the head counts
 *   events that the log lacks): under the chain head's lock those events are copied into the log verbatim
 *   (their recorded sequence and hash), after which verification covers them like any other. Nothing is
 *   re-sealed: a tampered event stays detectable;</li>
 *   <li>rows logged before the search index existed get their indexed columns and terms (in chunks, each
 *   under the head's lock so that two starting nodes do not index a row twice);</li>
 *   <li>the list of events waiting to become HAPI resources ({@code sluis_audit_pending}) is dropped: the
 *   log is the only copy now. The AuditEvent resources earlier versions stored stay in HAPI's tables, unread
 *   ({@link AppendOnlyGuard} hides them from every HAPI path); an operator may expunge them.</li>
 * </ul>
 */
final class AuditLogUpgrade {

  private static final Logger log = LoggerFactory.getLogger(AuditLogUpgrade.class);
  private static final int INDEX_CHUNK = 1000;
  private final AuditLog auditLog;
  private final AuditChainHead head;
  private final IFhirResourceDao<AuditEvent> dao;
  private final TransactionTemplate transactions;
  private final FhirContext fhir;

  AuditLogUpgrade(AuditLog auditLog, AuditChainHead head, IFhirResourceDao<AuditEvent> dao,
      TransactionTemplate transactions, FhirContext fhir) {
    this.auditLog = auditLog;
    this.head = head;
    this.dao = dao;
    this.transactions = transactions;
    this.fhir = fhir;
  }

  /** Every step; each one does nothing on a database that is up to date. */
  void run() {
    importEarlierChain();
    int indexed = 0;
    int chunk;
    do {
      chunk = indexChunk();
      indexed += chunk;
    } while (chunk > 0);
    if (indexed > 0) {
      log.info("Audit log: indexed {} events logged before the search index existed", indexed);
    }
    auditLog.dropFormerPendingList();
  }

  private int indexChunk() {
    IParser parser = fhir.newJsonParser();
    Integer done = transactions.execute(status -> {
      head.lock();
      List<AuditLog.Entry> rows = auditLog.unindexed(INDEX_CHUNK);
      List<AuditLog.Entry> entries = new ArrayList<>(rows.size());
      for (AuditLog.Entry row : rows) {
        try {
          entries.add(AuditLog.Entry.of(row.sequence(), row.hash(), row.json(),
              parser.parseResource(AuditEvent.class, row.json())));
        } catch (ca.uhn.fhir.parser.DataFormatException unreadable) {
          // a row changed in the database: left unsearchable, and verification names it
          entries.add(new AuditLog.Entry(row.sequence(), row.hash(), row.json(), null, null, java.util.Set.of()));
        }
      }
      if (!entries.isEmpty()) {
        auditLog.index(entries);
      }
      return entries.size();
    });
    return done == null ? 0 : done;
  }

  private void importEarlierChain() {
    transactions.executeWithoutResult(status -> {
      AuditChainHead.Head current = head.lock();
      if (current.sequence() == 0 || auditLog.firstSequence() == 1) {
        return; // nothing written yet, or the log starts at the beginning of the chain
      }
      long before = auditLog.firstSequence() == 0 ? current.sequence() + 1 : auditLog.firstSequence();
      SearchParameterMap all = SearchParameterMap.newSynchronous();
      all.setLoadSynchronousUpTo(Integer.MAX_VALUE);
      IParser parser = fhir.newJsonParser().setPrettyPrint(false);
      List<AuditLog.Entry> entries = new ArrayList<>();
      SystemRequestDetails request = new SystemRequestDetails();
      request.getUserData().put(AppendOnlyGuard.READS_FORMER_COPIES, Boolean.TRUE);
      for (var found : dao.search(all, request).getAllResources()) {
        AuditEvent event = (AuditEvent) found;
        long sequence = AuditChainHash.sequence(event).orElse(-1L);
        if (sequence > 0 && sequence < before) {
          entries.add(AuditLog.Entry.of(sequence,
              AuditChainHash.value(event, AuditChainHash.HASH_URL).orElse(""), parser.encodeResourceToString(event),
              event));
        }
      }
      entries.sort(Comparator.comparingLong(AuditLog.Entry::sequence));
      // Duplicate sequence numbers cannot both enter the log; the first is kept, verification names the other.
      List<AuditLog.Entry> unique = new ArrayList<>();
      for (AuditLog.Entry entry : entries) {
        if (unique.isEmpty() || unique.get(unique.size() - 1).sequence() != entry.sequence()) {
          unique.add(entry);
        }
      }
      if (!unique.isEmpty()) {
        auditLog.append(unique);
      }
      log.info("Audit log: copied {} AuditEvents of the chain from before the audit log", unique.size());
    });
  }
}
