package nl.sluis.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Walks the stored chain in sequence order and reports the first broken link: an event whose content no
 * longer matches its hash (edited), whose previous-hash does not match its predecessor (an event was
 * replaced or re-sealed), a gap or duplicate in the sequence (an event was removed or inserted), or a
 * chain that ends before the head (the newest events were removed).
 */
final class AuditChainVerifier {

  /** {@code brokenEvent}/{@code brokenSequence}/{@code problem} are null when the chain is intact. */
  record Result(int events, long lastSequence, String brokenEvent, Long brokenSequence, String problem) {
    boolean valid() {
      return problem == null;
    }
  }

  private final IFhirResourceDao<AuditEvent> dao;
  private final AuditChainHead head;
  private final AuditChainHash hash;

  AuditChainVerifier(IFhirResourceDao<AuditEvent> dao, AuditChainHead head, AuditChainHash hash) {
    this.dao = dao;
    this.head = head;
    this.hash = hash;
  }

  Result verify() {
    AuditChainHead.Head end = head.read();
    // Chain order is the sequence number, not the database id: ids are allocated in blocks per node.
    List<AuditEvent> events = new ArrayList<>();
    SearchParameterMap all = SearchParameterMap.newSynchronous();
    all.setLoadSynchronousUpTo(Integer.MAX_VALUE); // HAPI's default cap (10,000) would look like missing events
    for (var resource : dao.search(all, new SystemRequestDetails()).getAllResources()) {
      events.add((AuditEvent) resource);
    }
    for (AuditEvent event : events) {
      if (AuditChainHash.sequence(event).isEmpty()) {
        return broken(events.size(), 0, event, null, "the event carries no chain sequence number");
      }
    }
    events.sort(Comparator.comparing(e -> AuditChainHash.sequence(e).orElseThrow()));
    String previous = AuditChainHash.GENESIS;
    long expected = 1;
    for (AuditEvent event : events) {
      long sequence = AuditChainHash.sequence(event).orElseThrow();
      if (sequence != expected) {
        return broken(events.size(), expected - 1, event, sequence, sequence < expected
            ? "sequence number " + sequence + " occurs twice" : "events " + expected + " to " + (sequence - 1)
            + " are missing before this one");
      }
      Optional<String> stored = AuditChainHash.value(event, AuditChainHash.HASH_URL);
      if (stored.isEmpty() || !stored.get().equals(hash.hashOf(event))) {
        return broken(events.size(), sequence, event, sequence, "the event's content does not match its hash: "
            + "it was changed after it was written");
      }
      if (!previous.equals(AuditChainHash.value(event, AuditChainHash.PREVIOUS_URL).orElse(""))) {
        return broken(events.size(), sequence, event, sequence, "the event does not chain to its predecessor: "
            + "the predecessor or this event was replaced");
      }
      previous = stored.get();
      expected++;
    }
    long last = expected - 1;
    if (last != end.sequence() || !previous.equals(end.hash())) {
      return new Result(events.size(), last, null, last + 1, "the chain ends at " + last + " but the chain head "
          + "records " + end.sequence() + ": the newest events were removed or replaced");
    }
    return new Result(events.size(), last, null, null, null);
  }

  private static Result broken(int count, long last, AuditEvent event, Long sequence, String problem) {
    return new Result(count, last, "AuditEvent/" + event.getIdElement().getIdPart(), sequence, problem);
  }
}
