package nl.sluis.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Reads disclosure AuditEvents as the system for the views, by client and period (HAPI's built-in
 * AuditEvent {@code patient} and {@code date} parameters); the views filter the rest in memory.
 * Ordinary REST reads of AuditEvents stay subject to disclosure decisions like any client data. Drains the
 * audit log into resources before it searches (read-your-writes, see {@link AuditMaterialiser}).
 */
final class AuditTrailQuery {

  private final IFhirResourceDao<AuditEvent> dao;
  private final AuditMaterialiser materialiser;

  AuditTrailQuery(IFhirResourceDao<AuditEvent> dao, AuditMaterialiser materialiser) {
    this.dao = dao;
    this.materialiser = materialiser;
  }

  /** Chronological; {@code patient} ("Patient/1"), {@code start} and {@code end} (FHIR dates) may be null. */
  List<DisclosureRecord> find(String patient, String start, String end) {
    materialiser.drain(); // every event logged so far, on any node, becomes searchable first
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.setLoadSynchronousUpTo(Integer.MAX_VALUE); // a report must not silently stop at HAPI's default cap
    if (patient != null) {
      map.add("patient", new ReferenceParam(patient));
    }
    if (start != null || end != null) {
      map.add("date", new DateRangeParam(start, end));
    }
    return dao.search(map, new SystemRequestDetails()).getAllResources().stream()
        .map(resource -> DisclosureRecord.of((AuditEvent) resource))
        .filter(record -> patient == null || patient.equals(record.patient()))
        .sorted(Comparator.comparing(DisclosureRecord::recorded).thenComparing(DisclosureRecord::id))
        .toList();
  }
}
