package nl.sluis.disclosure;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives the decision-input snapshots of clients that have none usable — a database written before change
 * tokens existed, a bulk import past Sluis, snapshots skipped under load, or a change of the
 * organisation-wide records — on one low-priority background thread after start-up and again after a reader met
 * a snapshot made stale by a change of organisation-wide records ({@link ClientInputSnapshots#backfillInBackground}),
 * so that readers do not each pay for a first derivation. It only ever stores what a reader could have stored itself
 * (same token rules), so it may run on every node at once and stop at any time.
 */
final class ClientSnapshotBackfill {

  /** Logged when done; the benchmark harness waits for it before measuring. */
  static final String DONE = "Decision-input snapshots checked";
  private static final Logger log = LoggerFactory.getLogger(ClientSnapshotBackfill.class);
  private static final int PAGE = 500;
  private final int page;
  private final DaoRegistry daos;
  private final DecisionInputVersions versions;
  private final ClientInputSnapshots snapshots;

  ClientSnapshotBackfill(DaoRegistry daos, DecisionInputVersions versions, ClientInputSnapshots snapshots) {
    this(daos, versions, snapshots, PAGE);
  }

  private ClientSnapshotBackfill(DaoRegistry daos, DecisionInputVersions versions, ClientInputSnapshots snapshots,
      int page) {
    this.page = page;
    this.daos = daos;
    this.versions = versions;
    this.snapshots = snapshots;
  }

  /** The same pass reading the clients in pages of this size (tests: pages smaller than the data). */
  ClientSnapshotBackfill inPagesOf(int size) {
    return new ClientSnapshotBackfill(daos, versions, snapshots, size);
  }

  /** Returns how many clients it checked. */
  int run() {
    long started = System.nanoTime();
    int checked = 0;
    int derived = 0;
    try {
      for (int offset = 0; ; offset += page) {
        List<IIdType> ids = patientIds(offset);
        for (IIdType id : ids) {
          checked++;
          if (deriveIfMissing(id.getIdPart())) {
            derived++;
          }
        }
        if (ids.size() < page) {
          break;
        }
      }
      log.info("{}: {} clients, {} derived, in {} s", DONE, checked, derived, (System.nanoTime() - started) / 1_000_000_000L);
    } catch (RuntimeException e) {
      log.warn("Decision-input snapshots not all derived ({} clients checked); readers derive the rest: {}", checked,
          e.toString());
    }
    return checked;
  }

  /** Tokens first, then the records: a stored snapshot is never tagged with tokens newer than its data. */
  boolean deriveIfMissing(String clientId) {
    String scope = DecisionInputChanges.clientScope(clientId);
    DecisionInputVersions.ClientTokens tokens = versions.readForClient(scope, DecisionInputVersions.NEVER_WRITTEN);
    if (ClientRecordCodec.decode(tokens.inputs(), tokens.global()).isPresent()) {
      return false;
    }
    snapshots.store(scope, tokens.client(), snapshots.derive(clientId), tokens.global());
    return true;
  }

  private List<IIdType> patientIds(int offset) {
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    // A synchronous search ignores _count: its own limit bounds the page.
    map.setLoadSynchronousUpTo(page);
    map.setOffset(offset);
    map.setSort(new SortSpec("_id"));
    return daos.getResourceDao("Patient").searchForResourceIds(map, new SystemRequestDetails());
  }
}
