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
 * Databases from before the audit log kept the chain in the AuditEvent resources only (the head counts
 * events that the log lacks). At start-up, under the chain head's lock, those events are copied into the
 * log verbatim (their recorded sequence and hash; already stored as resources, so not pending), after which
 * verification covers them like any other. Nothing is re-sealed: a tampered event stays detectable.
 */
final class AuditLogUpgrade {

  private static final Logger log = LoggerFactory.getLogger(AuditLogUpgrade.class);
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

  void importEarlierChain() {
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
      for (var found : dao.search(all, new SystemRequestDetails()).getAllResources()) {
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
        auditLog.append(unique, false);
      }
      log.info("Audit log: copied {} AuditEvents of the chain from before the audit log", unique.size());
    });
  }
}
