package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Verifies the trail in chain order and reports the first broken link. Two copies are checked against the
 * chain: the audit log ({@link AuditLog}, the durable record) and the searchable AuditEvent resources the
 * views read. Per sequence number: the logged event must hash to its recorded hash and chain to its
 * predecessor (no gap, nothing re-sealed), and its resource must exist once and hash to the same value
 * (nobody edited the copy the privacy officer and the client read). The log must reach the chain head
 * (the newest events were not removed), and no resource may claim a place in the chain that the log does
 * not have. Events logged while verification runs (after it read the head) are left for the next run.
 */
final class AuditChainVerifier {

  /** {@code brokenEvent}/{@code brokenSequence}/{@code problem} are null when the chain is intact. */
  record Result(int events, long lastSequence, String brokenEvent, Long brokenSequence, String problem) {
    boolean valid() {
      return problem == null;
    }
  }

  private final IFhirResourceDao<AuditEvent> dao;
  private final AuditChainHash hash;
  private final AuditLog auditLog;
  private final AuditMaterialiser materialiser;
  private final FhirContext fhir;

  AuditChainVerifier(IFhirResourceDao<AuditEvent> dao, AuditChainHash hash, AuditLog auditLog,
      AuditMaterialiser materialiser, FhirContext fhir) {
    this.dao = dao;
    this.hash = hash;
    this.auditLog = auditLog;
    this.materialiser = materialiser;
    this.fhir = fhir;
  }

  Result verify() {
    AuditChainHead.Head head = materialiser.drain(); // the head as read now; every event up to it is a resource too
    long end = head.sequence();
    // The resources, by their chain sequence number (ids are allocated in blocks per node, not in order).
    Map<Long, List<AuditEvent>> resources = new TreeMap<>();
    SearchParameterMap all = SearchParameterMap.newSynchronous();
    all.setLoadSynchronousUpTo(Integer.MAX_VALUE); // HAPI's default cap (10,000) would look like missing events
    for (var found : dao.search(all, new SystemRequestDetails()).getAllResources()) {
      AuditEvent event = (AuditEvent) found;
      Optional<Long> sequence = AuditChainHash.sequence(event);
      if (sequence.isEmpty()) {
        return new Result(0, 0, reference(event), null, "the event carries no chain sequence number");
      }
      if (sequence.get() <= end) {
        resources.computeIfAbsent(sequence.get(), s -> new ArrayList<>(1)).add(event);
      }
    }
    List<AuditLog.Entry> entries = new ArrayList<>();
    auditLog.forEach(end, entries::add);
    IParser parser = fhir.newJsonParser();
    String previous = AuditChainHash.GENESIS;
    long expected = 1;
    for (AuditLog.Entry entry : entries) {
      long sequence = entry.sequence();
      List<AuditEvent> copies = resources.remove(sequence);
      String reference = copies == null ? null : reference(copies.get(0));
      if (sequence != expected) {
        return new Result(entries.size(), expected - 1, reference, sequence,
            "events " + expected + " to " + (sequence - 1) + " are missing from the audit log before this one");
      }
      AuditEvent logged;
      try {
        logged = parser.parseResource(AuditEvent.class, entry.json());
      } catch (DataFormatException e) {
        return new Result(entries.size(), expected - 1, reference, sequence,
            "the audit log's record of this event is not a readable AuditEvent: it was changed after it was written");
      }
      if (!entry.hash().equals(hash.hashOf(logged))
          || !entry.hash().equals(AuditChainHash.value(logged, AuditChainHash.HASH_URL).orElse(""))
          || AuditChainHash.sequence(logged).orElse(-1L) != sequence) {
        return new Result(entries.size(), expected - 1, reference, sequence,
            "the audit log's record of this event does not match its hash: it was changed after it was written");
      }
      if (!previous.equals(AuditChainHash.value(logged, AuditChainHash.PREVIOUS_URL).orElse(""))) {
        return new Result(entries.size(), expected - 1, reference, sequence,
            "the event does not chain to its predecessor: the predecessor or this event was replaced");
      }
      if (copies == null) {
        return new Result(entries.size(), expected - 1, null, sequence,
            "the logged event has no AuditEvent resource: the resource was removed");
      }
      if (copies.size() > 1) {
        return new Result(entries.size(), expected - 1, reference(copies.get(1)), sequence,
            "sequence number " + sequence + " occurs twice");
      }
      AuditEvent stored = copies.get(0);
      if (!entry.hash().equals(hash.hashOf(stored))
          || !entry.hash().equals(AuditChainHash.value(stored, AuditChainHash.HASH_URL).orElse(""))) {
        return new Result(entries.size(), expected - 1, reference, sequence,
            "the event's content does not match its hash: it was changed after it was written");
      }
      previous = entry.hash();
      expected++;
    }
    long last = expected - 1;
    if (!resources.isEmpty()) {
      Map.Entry<Long, List<AuditEvent>> extra = ((TreeMap<Long, List<AuditEvent>>) resources).firstEntry();
      return new Result(entries.size(), last, reference(extra.getValue().get(0)), extra.getKey(),
          "the AuditEvent resource has a chain sequence number the audit log does not have: it was inserted");
    }
    if (last != end || !previous.equals(head.hash())) {
      return new Result(entries.size(), last, null, last + 1, "the chain ends at " + last + " but the chain head "
          + "records " + end + ": the newest events were removed or replaced");
    }
    return new Result(entries.size(), last, null, null, null);
  }

  private static String reference(AuditEvent event) {
    return "AuditEvent/" + event.getIdElement().getIdPart();
  }
}
