package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies the audit log in chain order, in one streaming pass (memory for one chunk of rows), and reports the first
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

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  /** Rows parsed and hashed in parallel at a time. */
  private static final int CHUNK = 2000;
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
    Walk walk = new Walk();
    // In a transaction: on PostgreSQL the driver streams the rows with a cursor only then.
    readOnly.executeWithoutResult(status -> {
      auditLog.forEach(end.sequence(), walk::add);
      walk.flush();
    });
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

  /**
   * What one logged row says, hashed (null {@code computed}: the row is not a readable AuditEvent);
   * {@code canonical}: the row stores the hashed text itself.
   */
  record Sealed(long sequence, String recorded, String computed, String hash, long ownSequence,
      String previous, boolean canonical) {}

  private Sealed seal(AuditLog.Entry entry) {
    Sealed quick = quickly(entry);
    if (quick != null && quick.canonical()) {
      return quick; // the stored text is what was hashed: nothing to re-encode, so nothing to doubt
    }
    return quick != null && quick.recorded().equals(quick.computed()) ? quick : thoroughly(entry);
  }

  /**
   * Without HAPI's model. A row that stores the canonical form (no hash extension: how the writer logs
   * events) is hashed as stored, byte for byte. An older row stores the sealed event whole: without id, meta,
   * text and hash, re-encoded compactly, it is byte for byte what HAPI encoded when it was sealed (about 6×
   * faster than parsing it into an AuditEvent); such a row is only accepted here, any doubt goes to
   * {@link #thoroughly}.
   */
  static Sealed quickly(AuditLog.Entry entry) {
    try {
      if (!(JSON.readTree(entry.json()) instanceof ObjectNode event)
          || !(event.get("extension") instanceof ArrayNode extensions)) {
        return null;
      }
      Map<String, String> values = new HashMap<>();
      boolean whole = false;
      for (Iterator<JsonNode> each = extensions.elements(); each.hasNext(); ) {
        JsonNode extension = each.next();
        values.putIfAbsent(extension.path("url").asText(), extension.path("valueString").asText());
        if (AuditChainHash.HASH_URL.equals(extension.path("url").asText())) {
          each.remove();
          whole = true;
        }
      }
      long ownSequence = Long.parseLong(values.get(AuditChainHash.SEQUENCE_URL));
      String previous = values.get(AuditChainHash.PREVIOUS_URL);
      if (!whole) {
        return new Sealed(entry.sequence(), entry.hash(), AuditChainHash.sha256(entry.json()), entry.hash(),
            ownSequence, previous, true);
      }
      event.remove(List.of("id", "meta", "text"));
      if (extensions.isEmpty()) {
        event.remove("extension");
      }
      return new Sealed(entry.sequence(), entry.hash(), AuditChainHash.sha256(JSON.writeValueAsString(event)),
          values.get(AuditChainHash.HASH_URL), ownSequence, previous, false);
    } catch (IOException | RuntimeException notAsSealed) {
      return null;
    }
  }

  private Sealed thoroughly(AuditLog.Entry entry) {
    try {
      AuditEvent event = fhir.newJsonParser().parseResource(AuditEvent.class, entry.json());
      String own = AuditChainHash.value(event, AuditChainHash.HASH_URL).orElse("");
      long ownSequence = AuditChainHash.sequence(event).orElse(-1L);
      String previous = AuditChainHash.value(event, AuditChainHash.PREVIOUS_URL).orElse("");
      return new Sealed(entry.sequence(), entry.hash(), hash.hashOfDiscarded(event), own, ownSequence, previous,
          false);
    } catch (DataFormatException e) {
      return new Sealed(entry.sequence(), entry.hash(), null, null, -1, null, false);
    }
  }

  /**
   * One pass in chunks: parsing and hashing (nearly all the work) run on every core for a chunk, the chain
   * is then checked in order. Memory holds one chunk, whatever the length of the log.
   */
  private final class Walk {
    private final List<AuditLog.Entry> chunk = new ArrayList<>(CHUNK);
    private String previous = AuditChainHash.GENESIS;
    private long expected = 1;
    private long events;
    private Result broken;

    void add(AuditLog.Entry entry) {
      if (broken != null) {
        return; // the first broken link is the answer; the rest of the rows are only skipped
      }
      chunk.add(entry);
      if (chunk.size() == CHUNK) {
        flush();
      }
    }

    void flush() {
      List<Sealed> sealed = chunk.parallelStream().map(AuditChainVerifier.this::seal).toList();
      chunk.clear();
      for (Sealed row : sealed) {
        if (broken == null) {
          check(row);
        }
      }
    }

    private void check(Sealed row) {
      events++;
      long sequence = row.sequence();
      String reference = "AuditEvent/" + sequence;
      if (sequence != expected) {
        broken = new Result(events, expected - 1, reference, sequence,
            "events " + expected + " to " + (sequence - 1) + " are missing from the audit log before this one");
      } else if (row.computed() == null) {
        broken = new Result(events, expected - 1, reference, sequence,
            "the audit log's record of this event is not a readable AuditEvent: it was changed after it was written");
      } else if (!row.recorded().equals(row.computed()) || !row.recorded().equals(row.hash())
          || row.ownSequence() != sequence) {
        broken = new Result(events, expected - 1, reference, sequence,
            "the audit log's record of this event does not match its hash: it was changed after it was written");
      } else if (!previous.equals(row.previous())) {
        broken = new Result(events, expected - 1, reference, sequence,
            "the event does not chain to its predecessor: the predecessor or this event was replaced");
      } else {
        previous = row.recorded();
        expected++;
      }
    }
  }
}
