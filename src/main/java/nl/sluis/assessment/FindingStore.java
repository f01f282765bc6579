package nl.sluis.assessment;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import nl.sluis.assessment.ObservationExtractor.Finding;
import nl.sluis.server.ReferenceTargets;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;

/**
 * Stores the findings of one response, replacing those of its earlier versions: a finding with the same key
 * (identifier) is updated in place when its content changed (new version, status {@code amended}; the earlier
 * version stays in history), an earlier finding the response no longer yields gets status
 * {@code entered-in-error} (new version, history kept), a new one is created ({@code final}). Nothing is ever
 * duplicated or deleted. Runs inside the caller's database transaction, as the system (the requester was allowed
 * to write the response; the findings are the server's derivation of it).
 */
final class FindingStore {

  /** What reconciling did, for tests and logs. */
  record Outcome(int created, int amended, int unchanged, int retracted) {}

  private final DaoRegistry daos;
  private final ReferenceTargets references;

  FindingStore(DaoRegistry daos, ReferenceTargets references) {
    this.daos = daos;
    this.references = references;
  }

  Outcome replace(String responseReference, List<Finding> findings, Consumer<Observation> check) {
    IFhirResourceDao<Observation> dao = daos.getResourceDao(Observation.class);
    SystemRequestDetails system = new SystemRequestDetails();
    Map<String, Observation> earlier = new HashMap<>();
    for (Object found : dao.search(SearchParameterMap.newSynchronous()
        .add(Observation.SP_DERIVED_FROM, new ReferenceParam(responseReference)), system).getAllResources()) {
      Observation observation = (Observation) found;
      key(observation).ifPresent(key -> earlier.put(key, observation));
    }
    // The findings name the same client, performer and response: resolve those once for all of them.
    TransactionDetails details = new TransactionDetails();
    references.resolveInto(findings.stream().map(Finding::observation).toList(), details);
    int created = 0;
    int amended = 0;
    int unchanged = 0;
    for (Finding finding : findings) {
      Observation wanted = finding.observation();
      Observation previous = earlier.remove(wanted.getIdentifierFirstRep().getValue());
      if (previous == null) {
        check.accept(wanted);
        dao.create(wanted, null, true, system, details);
        created++;
      } else if (sameContent(previous, wanted)) {
        unchanged++;
      } else {
        wanted.setId(previous.getIdElement().toUnqualifiedVersionless());
        wanted.setStatus(ObservationStatus.AMENDED);
        check.accept(wanted);
        dao.update(wanted, null, true, false, system, details);
        amended++;
      }
    }
    int retracted = 0;
    for (Observation gone : earlier.values()) {
      if (gone.getStatus() != ObservationStatus.ENTEREDINERROR) {
        gone.setStatus(ObservationStatus.ENTEREDINERROR);
        gone.getMeta().setVersionId(null).setLastUpdated(null);
        dao.update(gone, null, true, false, system, details);
        retracted++;
      }
    }
    return new Outcome(created, amended, unchanged, retracted);
  }

  private static Optional<String> key(Observation observation) {
    return observation.getIdentifier().stream()
        .filter(i -> ObservationExtractor.IDENTIFIER_SYSTEM.equals(i.getSystem()))
        .map(Identifier::getValue).findFirst();
  }

  /** Same finding and still current: everything but id, meta bookkeeping and status final/amended. */
  private static boolean sameContent(Observation stored, Observation wanted) {
    if (stored.getStatus() == ObservationStatus.ENTEREDINERROR) {
      return false;
    }
    Observation a = stored.copy();
    Observation b = wanted.copy();
    for (Observation o : List.of(a, b)) {
      o.setIdElement(null);
      o.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
      o.setStatus(null);
      o.setText(null);
    }
    return a.equalsDeep(b);
  }
}
