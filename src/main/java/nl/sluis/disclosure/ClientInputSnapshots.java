package nl.sluis.disclosure;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.ZoneId;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's decision inputs in compact form ({@link ClientRecordCodec}), stored next to the client's change
 * token: after each change (taken from the committed records), and after a reader had to derive them anyway.
 * A node that has not cached the client then decodes one row instead of searching four resource types.
 */
final class ClientInputSnapshots {

  /** Larger snapshots are not stored (readers derive the record from the records instead). */
  static final int MAXIMUM_CHARACTERS = 1_000_000;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientInputSnapshots.class);
  private final DaoRegistry daos;
  private final ZoneId zone;
  private final DecisionInputVersions versions;

  ClientInputSnapshots(DaoRegistry daos, ZoneId zone, DecisionInputVersions versions) {
    this.daos = daos;
    this.zone = zone;
    this.versions = versions;
  }

  /** One background thread; when it falls behind, snapshots are skipped (readers derive instead). */
  private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(10_000), runnable -> {
        Thread thread = new Thread(runnable, "sluis-client-snapshots");
        thread.setDaemon(true);
        return thread;
      }, new ThreadPoolExecutor.DiscardPolicy());

  /** Derives and stores the snapshot for the change that set this token, after it committed. */
  void refreshLater(String scope, String clientId, long token) {
    writer.execute(() -> {
      try {
        long global = versions.read(DecisionInputVersions.GLOBAL); // before the records: never newer than them
        store(scope, token, derive(clientId), global);
      } catch (RuntimeException e) {
        log.warn("Snapshot of {} not stored (readers derive it instead): {}", scope, e.toString());
      }
    });
  }

  /**
   * Stores what a reader derived from records it read after reading these tokens, unless the client's
   * token changed meanwhile. Off the request thread: the reader does not wait for a write.
   */
  void storeLater(String scope, long token, ClientRecord record, long global) {
    writer.execute(() -> {
      try {
        store(scope, token, record, global);
      } catch (RuntimeException e) {
        log.warn("Snapshot of {} not stored (readers derive it instead): {}", scope, e.toString());
      }
    });
  }

  /** Checks every client once in the background and derives the snapshots that are missing. */
  ClientSnapshotBackfill backfill() {
    return new ClientSnapshotBackfill(daos, versions, this);
  }

  private final AtomicBoolean backfilling = new AtomicBoolean();
  private final AtomicLong backfilledForGlobal = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean backfillAllowed;

  /** Lets {@link #backfillInBackground} and {@link #staleAfterGlobalChange} start passes (after start-up). */
  void allowBackfill() {
    backfillAllowed = true;
  }

  /** One backfill pass on a low-priority background thread, unless one already runs on this node. */
  void backfillInBackground() {
    if (backfillAllowed && backfilling.compareAndSet(false, true)) {
      Thread thread = new Thread(() -> {
        try {
          backfill().run();
        } finally {
          backfilling.set(false);
        }
      }, "sluis-snapshot-backfill");
      thread.setDaemon(true);
      thread.setPriority(Thread.MIN_PRIORITY);
      thread.start();
    }
  }

  /**
   * A reader met a stored snapshot it could not use: derived under an older organisation-wide token (a
   * PractitionerRole or Organization changed, which makes every client's snapshot stale) or in an older form.
   * Without a new pass every client's next decision would derive its inputs from the records on the request
   * path; so the first such reader per token on each node starts one (the pass reads the current token per
   * client; a change during a pass is caught by the next stale read after it).
   */
  void staleAfterGlobalChange(long global) {
    long done = backfilledForGlobal.get();
    // tokens are random, not increasing: a pass per token value this node has not started one for
    if (backfillAllowed && global != done && !backfilling.get() && backfilledForGlobal.compareAndSet(done, global)) {
      backfillInBackground();
    }
  }

  /** The client's record from its stored FHIR resources (the truth every snapshot is derived from). */
  ClientRecord derive(String clientId) {
    FhirRecords records = new FhirRecords(daos);
    return ClientRecord.load(clientId, records, new ConsentMapping(records, zone));
  }

  /** Stores the record's snapshot under these tokens, unless the client's token changed meanwhile. */
  void store(String scope, long token, ClientRecord record, long global) {
    String inputs = ClientRecordCodec.encode(record, global);
    if (inputs.length() <= MAXIMUM_CHARACTERS) {
      versions.storeInputsIfCurrent(scope, token, inputs);
    }
  }
}
