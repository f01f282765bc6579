package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import nl.sluis.server.ReferenceTargets;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores logged events ({@link AuditLog}) as HAPI AuditEvent resources, the copy that FHIR search and the
 * views read. In batches, off the request path: a background thread per node starts a short delay after
 * this node's writer committed (so that a busy node stores many events per transaction) and polls now and
 * then for events another node or an earlier run left pending. It runs at background priority: while the
 * machine's CPU is busy it uses at most a configured share of one thread's time (storing an event costs
 * about as much as serving a read), so under full load it falls behind rather than slowing the requests;
 * with CPU to spare it stores the backlog at full speed. Every reader of AuditEvents calls
 * {@link #drain()} first, which stores everything logged so far, also other nodes' events, before it
 * searches: whoever got a response has its events visible to the next view, on any node.
 *
 * <p>A pending row leaves {@code sluis_audit_pending} in the transaction that creates its resource, so an
 * event is stored exactly once even if a node dies half-way. Within a node one batch runs at a time.
 */
final class AuditMaterialiser implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AuditMaterialiser.class);
  /** User-data key marking a storage call as this materialiser's own (see {@link AppendOnlyGuard}). */
  private static final String MARKER = AuditMaterialiser.class.getName();

  private final AuditLog auditLog;
  private final AuditChainHead head;
  private final IFhirResourceDao<AuditEvent> dao;
  private final TransactionTemplate transactions;
  private final FhirContext fhir;
  private final ReferenceTargets references;
  private final int batchSize;
  private final Duration delay;
  private final Duration interval;
  /** Rest after each background batch, per unit of time the batch took (from the configured share). */
  private final double restPerWork;
  /** Whether the machine's CPU is busy (then the share applies; otherwise the backlog is stored at full speed). */
  private final BooleanSupplier busy;
  /** One batch at a time on this node. */
  private final ReentrantLock batchLock = new ReentrantLock();
  private final ReentrantLock signalLock = new ReentrantLock();
  private final Condition signal = signalLock.newCondition();
  private boolean signalled;
  private volatile boolean running;
  private Thread thread;

  AuditMaterialiser(AuditLog auditLog, AuditChainHead head, IFhirResourceDao<AuditEvent> dao,
      TransactionTemplate transactions, FhirContext fhir, ReferenceTargets references,
      AuditProperties properties, BooleanSupplier busy) {
    this.auditLog = auditLog;
    this.head = head;
    this.dao = dao;
    this.transactions = transactions;
    this.fhir = fhir;
    this.references = references;
    this.batchSize = properties.getMaterialiseBatchSize();
    this.delay = properties.getMaterialiseDelay();
    this.interval = properties.getMaterialiseInterval();
    this.restPerWork = 1 / properties.getMaterialiseShare() - 1;
    this.busy = busy;
  }

  /** Starts the background thread. */
  void start() {
    running = true;
    thread = new Thread(this::run, "sluis-audit-materialiser");
    thread.setDaemon(true);
    thread.start();
  }

  /** The writer committed new events: store them soon. */
  void committed() {
    signalLock.lock();
    try {
      signalled = true;
      signal.signalAll();
    } finally {
      signalLock.unlock();
    }
  }

  /**
   * Stores every event logged before this call (on any node) as a resource, waiting for batches other
   * nodes are storing at the moment. Returns the chain head up to which that now holds.
   */
  AuditChainHead.Head drain() {
    AuditChainHead.Head upTo = head.read();
    while (materialiseBatch(upTo.sequence(), false) > 0) {
      // next batch
    }
    return upTo;
  }

  /** Whether a storage call comes from the materialiser. */
  boolean isOwnWrite(RequestDetails request) {
    return request instanceof SystemRequestDetails && request.getUserData().get(MARKER) == this;
  }

  private int materialiseBatch(long upTo, boolean skipLocked) {
    batchLock.lock();
    try {
      Integer stored = transactions.execute(status -> {
        List<AuditLog.Entry> entries = auditLog.claim(upTo, batchSize, skipLocked);
        var parser = fhir.newJsonParser();
        List<AuditEvent> events = new ArrayList<>(entries.size());
        for (AuditLog.Entry entry : entries) {
          AuditEvent event = parser.parseResource(AuditEvent.class, entry.json());
          event.setIdElement(null);
          events.add(event);
        }
        // One transaction's worth of creates shares the resolved reference targets: most events of a batch
        // name the same clients and consents, and HAPI otherwise looks each one up per event.
        TransactionDetails details = new TransactionDetails();
        references.resolveInto(events, details);
        RequestDetails request = ownRequest();
        for (AuditEvent event : events) {
          dao.create(event, null, true, request, details);
        }
        auditLog.done(entries);
        return entries.size();
      });
      return stored == null ? 0 : stored;
    } finally {
      batchLock.unlock();
    }
  }

  private RequestDetails ownRequest() {
    SystemRequestDetails request = new SystemRequestDetails();
    request.getUserData().put(MARKER, this);
    return request;
  }

  private void run() {
    boolean first = true;
    while (running) {
      try {
        if (!first && !awaitSignal()) {
          continue;
        }
        first = false;
        pause(delay); // gather a batch
        while (running) {
          long start = System.nanoTime();
          if (materialiseBatch(Long.MAX_VALUE, true) < batchSize) {
            break; // not a full batch: nothing more for now
          }
          if (busy.getAsBoolean()) {
            pause(Duration.ofNanos((long) ((System.nanoTime() - start) * restPerWork)));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The events are safe in the log; readers drain them (and fail loudly if this keeps failing).
        log.error("Storing logged audit events as AuditEvent resources failed; will retry", e);
        try {
          pause(interval);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Waits for a commit signal or the polling interval; false when stopping. */
  private boolean awaitSignal() throws InterruptedException {
    signalLock.lock();
    try {
      long nanos = interval.toNanos();
      while (!signalled && running && nanos > 0) {
        nanos = signal.awaitNanos(nanos);
      }
      signalled = false;
      return running;
    } finally {
      signalLock.unlock();
    }
  }

  /** Waits for the duration, or less when stopping. */
  private void pause(Duration duration) throws InterruptedException {
    signalLock.lock();
    try {
      long nanos = duration.toNanos();
      while (running && nanos > 0) {
        nanos = signal.awaitNanos(nanos);
      }
    } finally {
      signalLock.unlock();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (thread != null) {
      committed(); // wake it; a batch under way finishes (no interrupt in the middle of JDBC)
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
