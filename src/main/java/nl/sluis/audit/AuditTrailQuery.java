package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.Comparator;
import java.util.Calendar;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * Reads disclosure AuditEvents as the system for the views: the privacy officer's report searches the
 * AuditEvent resources by client and period (HAPI's built-in {@code patient} and {@code date} parameters;
 * the report filters the rest in memory), the client's overview reads the audit log itself.
 * Ordinary REST reads of AuditEvents stay subject to disclosure decisions like any client data. Drains the
 * audit log into resources before it searches (read-your-writes, see {@link AuditMaterialiser}).
 */
final class AuditTrailQuery {

  private final IFhirResourceDao<AuditEvent> dao;
  private final AuditMaterialiser materialiser;
  private final AuditLog auditLog;
  private final FhirContext fhir;

  AuditTrailQuery(IFhirResourceDao<AuditEvent> dao, AuditMaterialiser materialiser, AuditLog auditLog,
      FhirContext fhir) {
    this.dao = dao;
    this.materialiser = materialiser;
    this.auditLog = auditLog;
    this.fhir = fhir;
  }

  /**
   * One client's events, chronological, straight from the audit log (indexed by client and time): the
   * client's overview never waits for the resource copy to catch up after a busy period.
   * {@code start}/{@code end} are FHIR dates or date-times, inclusive at their precision.
   */
  List<DisclosureRecord> ofClient(String patient, String start, String end) {
    Long from = start == null ? null : bound(start, "start").getTimeInMillis();
    Long to = null;
    if (end != null) {
      Calendar upper = bound(end, "end");
      upper.add(calendarField(new DateTimeType(end).getPrecision()), 1); // the whole day, month, ... named
      to = upper.getTimeInMillis() - 1;
    }
    var parser = fhir.newJsonParser();
    return auditLog.eventsOfClient(patient, from, to).stream()
        .map(json -> DisclosureRecord.of(parser.parseResource(AuditEvent.class, json))).toList();
  }

  /** A FHIR date or dateTime; without a zone, in the server's time zone. */
  private static Calendar bound(String value, String name) {
    try {
      return new DateTimeType(value).getValueAsCalendar();
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new InvalidRequestException(name + " must be a FHIR date or dateTime (e.g. 2026-11-01), not: " + value);
    }
  }

  private static int calendarField(TemporalPrecisionEnum precision) {
    return switch (precision) {
      case YEAR -> Calendar.YEAR;
      case MONTH -> Calendar.MONTH;
      case DAY -> Calendar.DAY_OF_MONTH;
      case MINUTE -> Calendar.MINUTE;
      case SECOND -> Calendar.SECOND;
      case MILLI -> Calendar.MILLISECOND;
    };
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
