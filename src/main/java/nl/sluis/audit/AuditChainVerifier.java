package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies the audit log in chain order, in one streaming pass (constant memory), and reports the first
 * broken link. Per sequence number: the logged event must hash to its recorded hash, carry its sequence
 * number and chain to its predecessor, with no gap; the log must reach the chain head (the newest events
 * were not removed). An edited, removed, inserted or reordered row therefore breaks the chain at that row.
 * Events logged while verification runs (after it read the head) are left for the next run.
 */
final class AuditChainVerifier {

  /** {@code brokenEvent}/{@code brokenSequence}/{@code problem} are null when the chain is intact. */
  record Result(long events, long lastSequence, String brokenEvent, Long brokenSequence, String problem) {
    boolean valid() {
      return problem == null;
    }
  }

  private final AuditChainHash hash;
  private final AuditChainHead head;
  private final AuditLog auditLog;
  private final TransactionTemplate readOnly;
  private final FhirContext fhir;

  AuditChainVerifier(AuditChainHash hash, AuditChainHead head, AuditLog auditLog, TransactionTemplate readOnly,
      FhirContext fhir) {
    this.hash = hash;
    this.head = head;
    this.auditLog = auditLog;
    this.readOnly = readOnly;
    this.fhir = fhir;
  }

  Result verify() {
    AuditChainHead.Head end = head.read();
    Walk walk = new Walk(fhir.newJsonParser());
    // In a transaction: on PostgreSQL the driver streams the rows with a cursor only then.
    readOnly.executeWithoutResult(status -> auditLog.forEach(end.sequence(), walk::next));
    if (walk.broken != null) {
      return walk.broken;
    }
    long last = walk.expected - 1;
    if (last != end.sequence() || !walk.previous.equals(end.hash())) {
      return new Result(walk.events, last, null, last + 1, "the chain ends at " + last + " but the chain head "
          + "records " + end.sequence() + ": the newest events were removed or replaced");
    }
    return new Result(walk.events, last, null, null, null);
  }

  /** The state of one pass: the next expected sequence number and the previous hash. */
  private final class Walk {
    private final IParser parser;
    private String previous = AuditChainHash.GENESIS;
    private long expected = 1;
    private long events;
    private Result broken;

    Walk(IParser parser) {
      this.parser = parser;
    }

    void next(AuditLog.Entry entry) {
      if (broken != null) {
        return; // the first broken link is the answer; the rest of the rows are only skipped
      }
      events++;
      long sequence = entry.sequence();
      String reference = "AuditEvent/" + sequence;
      if (sequence != expected) {
        broken = new Result(events, expected - 1, reference, sequence,
            "events " + expected + " to " + (sequence - 1) + " are missing from the audit log before this one");
        return;
      }
      AuditEvent logged;
      try {
        logged = parser.parseResource(AuditEvent.class, entry.json());
      } catch (DataFormatException e) {
        broken = new Result(events, expected - 1, reference, sequence,
            "the audit log's record of this event is not a readable AuditEvent: it was changed after it was written");
        return;
      }
      if (!entry.hash().equals(hash.hashOf(logged))
          || !entry.hash().equals(AuditChainHash.value(logged, AuditChainHash.HASH_URL).orElse(""))
          || AuditChainHash.sequence(logged).orElse(-1L) != sequence) {
        broken = new Result(events, expected - 1, reference, sequence,
            "the audit log's record of this event does not match its hash: it was changed after it was written");
        return;
      }
      if (!previous.equals(AuditChainHash.value(logged, AuditChainHash.PREVIOUS_URL).orElse(""))) {
        broken = new Result(events, expected - 1, reference, sequence,
            "the event does not chain to its predecessor: the predecessor or this event was replaced");
        return;
      }
      previous = entry.hash();
      expected++;
    }
  }
}
