package nl.sluis.conformance;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;

/**
 * Where an invalid resource sits in the batch or transaction Bundle being processed, and how its issues are
 * named there: {@code Bundle.entry[i].resource...} with the entry's index and fullUrl, so that a client fixing a
 * refused transaction sees every invalid entry at once.
 */
final class BundleEntryOutcomes {

  /** Request user-data key: entry index → the 422 outcome of a refused batch entry (see {@link #restore}). */
  static final String BATCH_ENTRY_OUTCOMES = BundleEntryOutcomes.class.getName() + ".batch";

  private BundleEntryOutcomes() {}

  /** Request user-data key: the batch or transaction Bundle the request posted (see {@link #remember}). */
  static final String REQUEST_BUNDLE = BundleEntryOutcomes.class.getName() + ".bundle";

  /**
   * Remembers the posted Bundle when the request starts: while HAPI processes the entries, the request's operation
   * type and resource describe the entry being written, not the Bundle.
   */
  static void remember(RequestDetails request, RestOperationTypeEnum operation) {
    if ((operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH)
        && request.getResource() instanceof Bundle bundle) {
      request.getUserData().put(REQUEST_BUNDLE, bundle);
    }
  }

  /** The request's Bundle when this write is an entry of a batch or transaction; null otherwise. */
  static Bundle requestBundle(RequestDetails request) {
    Object remembered = request == null ? null : request.getUserData().get(REQUEST_BUNDLE);
    if (remembered instanceof Bundle bundle
        && (bundle.getType() == Bundle.BundleType.TRANSACTION || bundle.getType() == Bundle.BundleType.BATCH)) {
      return bundle;
    }
    return null;
  }

  /** The index of the entry holding exactly this resource object (HAPI stores the entry's own object), or -1. */
  static int indexOf(Bundle bundle, IBaseResource resource) {
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      if (bundle.getEntry().get(i).getResource() == resource) {
        return i;
      }
    }
    return -1;
  }

  /** An entry's issues as issues of the Bundle: expression and location under the entry, diagnostics naming it. */
  static void addAsEntryIssues(OperationOutcome target, Bundle bundle, int index, OperationOutcome entryOutcome) {
    Bundle.BundleEntryComponent entry = bundle.getEntry().get(index);
    String where = "Bundle.entry[" + index + "]" + (entry.hasFullUrl() ? " (fullUrl " + entry.getFullUrl() + ")" : "");
    for (OperationOutcome.OperationOutcomeIssueComponent issue : entryOutcome.getIssue()) {
      OperationOutcome.OperationOutcomeIssueComponent copy = issue.copy();
      copy.setDiagnostics(where + ": " + issue.getDiagnostics());
      copy.getExpression().clear();
      copy.getLocation().clear();
      String path = issue.getExpression().isEmpty() ? null : issue.getExpression().get(0).getValue();
      String underEntry = underEntry(index, path);
      copy.addExpression(underEntry);
      copy.getLocation().add(new StringType(underEntry));
      target.addIssue(copy);
    }
  }

  /** {@code Patient.identifier[0]} in entry 2 → {@code Bundle.entry[2].resource.identifier[0]}. */
  static String underEntry(int index, String path) {
    String entry = "Bundle.entry[" + index + "].resource";
    if (path == null || path.isEmpty()) {
      return entry;
    }
    int dot = path.indexOf('.');
    return dot < 0 ? entry : entry + path.substring(dot);
  }

  /** Remembers a refused batch entry's outcome, for {@link #restore}. */
  @SuppressWarnings("unchecked")
  static void rememberBatchEntry(RequestDetails request, int index, OperationOutcome outcome) {
    ((Map<Integer, OperationOutcome>) request.getUserData()
        .computeIfAbsent(BATCH_ENTRY_OUTCOMES, k -> new TreeMap<Integer, OperationOutcome>())).put(index, outcome);
  }

  /**
   * HAPI answers a refused batch entry with an outcome of its own holding only the exception's message; put back
   * ours (with each issue's {@code expression}) on the 422 entries it belongs to.
   */
  @SuppressWarnings("unchecked")
  static void restore(RequestDetails request, Bundle response) {
    Object remembered = request == null ? null : request.getUserData().get(BATCH_ENTRY_OUTCOMES);
    if (!(remembered instanceof Map<?, ?> byIndex) || response.getType() != Bundle.BundleType.BATCHRESPONSE) {
      return;
    }
    ((Map<Integer, OperationOutcome>) byIndex).forEach((index, outcome) -> {
      if (index < response.getEntry().size()
          && response.getEntry().get(index).getResponse().getStatus() != null
          && response.getEntry().get(index).getResponse().getStatus().startsWith("422")) {
        response.getEntry().get(index).getResponse().setOutcome(outcome);
      }
    });
  }
}
