package nl.sluis.audit;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only code that records AuditEvents, by <em>group commit</em>. A request hands its events to this
 * node's writer thread and waits until they are durably committed; the thread takes everything pending
 * (up to a limit) and, in one transaction, locks the chain head once, seals each event with its sequence
 * number and chain hash, appends them to the audit log ({@link AuditLog}, plain JDBC) and advances the head;
 * one commit releases all the waiting requests. A request that is not released within the configured time,
 * or whose batch fails, fails (the caller answers 500 and discloses nothing). Once committed, the events
 * are readable and searchable: the log is the only copy ({@link AuditEventProvider} serves it).
 */
public class AuditWriter implements AutoCloseable {

  private static final Timer COMMIT = Metrics.timer("sluis.audit.commit");
  private static final io.micrometer.core.instrument.DistributionSummary COMMIT_EVENTS =
      Metrics.summary("sluis.audit.commit.events");

  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  private static final int WAITING = 0;
  private static final int TAKEN = 1;
  private static final int ABANDONED = 2;

  /** One request's events; the state decides between the writer taking them and the request giving up. */
  private record Submission(List<AuditEvent> events, CompletableFuture<Void> committed, AtomicInteger state) {}

  private final TransactionTemplate transactions;
  private final AuditChainHead head;
  private final AuditChainHash hash;
  private final AuditLog auditLog;
  private final Duration timeout;
  private final int maxBatchEvents;
  private final LinkedBlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
  private final AtomicLong batches = new AtomicLong();
  private volatile boolean running;
  private Thread thread;

  AuditWriter(TransactionTemplate transactions, AuditChainHead head, AuditChainHash hash, AuditLog auditLog,
      AuditProperties properties) {
    this.transactions = transactions;
    this.head = head;
    this.hash = hash;
    this.auditLog = auditLog;
    this.timeout = properties.getCommitTimeout();
    this.maxBatchEvents = properties.getMaxBatchEvents();
  }

  void start() {
    running = true;
    thread = new Thread(this::run, "sluis-audit-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Returns once the events are chained and committed; throws if they could not be (in time). The events
   * are sealed in place (chain extensions added).
   */
  public void write(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    if (!running) {
      throw new IllegalStateException("the audit writer is not running");
    }
    Submission submission = new Submission(List.copyOf(events), new CompletableFuture<>(), new AtomicInteger(WAITING));
    queue.add(submission);
    try {
      submission.committed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (submission.state().compareAndSet(WAITING, ABANDONED)) {
        throw new IllegalStateException("the audit writer did not take the events within " + timeout);
      }
      // Taken: being committed right now. The request fails all the same; the events may still be
      // recorded (an audit entry for a response that was not sent, never the other way round).
      throw new IllegalStateException("the audit events were not committed within " + timeout);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the audit events could not be committed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      submission.state().compareAndSet(WAITING, ABANDONED);
      throw new IllegalStateException("interrupted while waiting for the audit commit", e);
    }
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      List<Submission> batch = new ArrayList<>();
      try {
        Submission first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        int events = take(first, batch);
        Submission next;
        while (events < maxBatchEvents && (next = queue.poll()) != null) {
          events += take(next, batch);
        }
        if (batch.isEmpty()) {
          continue;
        }
        commit(batch);
        batches.incrementAndGet();
        batch.forEach(s -> s.committed().complete(null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        batch.forEach(s -> s.committed().completeExceptionally(e));
        return;
      } catch (Throwable e) {
        log.error("Audit group commit of {} requests failed", batch.size(), e);
        batch.forEach(s -> s.committed().completeExceptionally(e));
      }
    }
  }

  /** Group commits so far on this node (for tests and diagnostics). */
  long batches() {
    return batches.get();
  }

  /** Adds the submission to the batch unless its request gave up; returns its number of events. */
  private static int take(Submission submission, List<Submission> batch) {
    if (!submission.state().compareAndSet(WAITING, TAKEN)) {
      return 0;
    }
    batch.add(submission);
    return submission.events().size();
  }

  /** One transaction, one lock of the chain head, one commit for the whole batch. */
  private void commit(List<Submission> batch) {
    Timer.Sample started = Timer.start();
    int events = batch.stream().mapToInt(submission -> submission.events().size()).sum();
    transactions.executeWithoutResult(status -> {
      AuditChainHead.Head current = head.lock();
      List<AuditLog.Entry> entries = new ArrayList<>();
      for (Submission submission : batch) {
        for (AuditEvent event : submission.events()) {
          long sequence = current.sequence() + 1;
          AuditChainHash.Sealed sealed = hash.seal(event, sequence, current.hash());
          entries.add(AuditLog.Entry.of(sequence, sealed.hash(), sealed.canonicalJson(), event));
          current = new AuditChainHead.Head(sequence, sealed.hash());
        }
      }
      auditLog.append(entries);
      head.advance(current);
    });
    started.stop(COMMIT);
    COMMIT_EVENTS.record(events);
  }

  /** Commits what is queued, then stops (at shutdown, after the web server stopped taking requests). */
  @Override
  public void close() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
