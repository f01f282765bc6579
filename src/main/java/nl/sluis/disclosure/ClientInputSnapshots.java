package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.parser.IParser;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A client's decision records (Patient, CareTeams, RelatedPersons, Consents) as one JSON Bundle, stored next
 * to the client's change token shortly after the change committed. A node that has not cached the client
 * then parses one row instead of searching four resource types.
 */
final class ClientInputSnapshots {

  /** Larger snapshots are not stored (readers search the records instead). */
  static final int MAXIMUM_CHARACTERS = 1_000_000;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientInputSnapshots.class);
  private final DaoRegistry daos;
  private final FhirContext fhir;

  ClientInputSnapshots(DaoRegistry daos, FhirContext fhir) {
    this.daos = daos;
    this.fhir = fhir;
  }

  /** One background thread; when it falls behind, snapshots are skipped (readers search instead). */
  private final java.util.concurrent.ThreadPoolExecutor refresher = new java.util.concurrent.ThreadPoolExecutor(1, 1,
      0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(10_000), runnable -> {
        Thread thread = new Thread(runnable, "sluis-client-snapshots");
        thread.setDaemon(true);
        return thread;
      }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());

  /** Takes and stores the snapshot for the change that set this token, after it committed. */
  void refreshLater(String scope, String clientId, long token, DecisionInputVersions versions) {
    refresher.execute(() -> {
      try {
        String snapshot = take(clientId);
        if (snapshot != null) {
          versions.storeInputsIfCurrent(scope, token, snapshot);
        }
      } catch (RuntimeException e) {
        log.warn("Snapshot of {} not stored (readers search the records instead): {}", scope, e.toString());
      }
    });
  }

  /** The snapshot of the committed records, or null if it would be too large. */
  String take(String clientId) {
    List<IBaseResource> found = ClientRecord.fetch(clientId, new FhirRecords(daos));
    if (found.size() >= ClientRecord.INCLUDE_LIMIT) {
      return null;
    }
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    found.forEach(resource -> bundle.addEntry().setResource((Resource) resource));
    String json = parser().encodeResourceToString(bundle);
    return json.length() > MAXIMUM_CHARACTERS ? null : json;
  }

  List<IBaseResource> parse(String snapshot) {
    Bundle bundle = parser().parseResource(Bundle.class, snapshot);
    return bundle.getEntry().stream().map(e -> (IBaseResource) e.getResource()).toList();
  }

  private IParser parser() {
    return fhir.newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false);
  }
}
