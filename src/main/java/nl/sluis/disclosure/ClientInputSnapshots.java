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
 * to the client's change token by the transaction that changed them. A node that has not cached the
 * client then parses one row instead of searching four resource types.
 */
final class ClientInputSnapshots {

  /** Larger snapshots are not stored (readers search the records instead). */
  static final int MAXIMUM_CHARACTERS = 1_000_000;
  private final DaoRegistry daos;
  private final FhirContext fhir;

  ClientInputSnapshots(DaoRegistry daos, FhirContext fhir) {
    this.daos = daos;
    this.fhir = fhir;
  }

  /** The snapshot as the current transaction sees the records, or null if it would be too large. */
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
