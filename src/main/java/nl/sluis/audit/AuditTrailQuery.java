package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.parser.IParser;
import java.util.Calendar;
import java.util.List;
import java.util.Set;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * Reads disclosure events for the views, straight from the audit log (indexed by client and time): the
 * privacy officer's report and the client's overview. Ordinary REST reads of AuditEvents go through
 * {@link AuditEventProvider}. {@code start}/{@code end} are FHIR dates or date-times, inclusive at their
 * precision (end=2026-11 is the whole of November).
 */
final class AuditTrailQuery {

  private final AuditLog auditLog;
  private final FhirContext fhir;

  AuditTrailQuery(AuditLog auditLog, FhirContext fhir) {
    this.auditLog = auditLog;
    this.fhir = fhir;
  }

  /** Chronological; {@code patient} ("Patient/1") null for every client, {@code start}/{@code end} may be null. */
  List<DisclosureRecord> find(String patient, String start, String end) {
    IParser parser = fhir.newJsonParser();
    return auditLog.search(new AuditLog.Query(null, patient == null ? null : Set.of(patient), from(start), to(end),
        List.of(), false, 0, Integer.MAX_VALUE)).stream().map(entry -> DisclosureRecord.of(AuditLog.event(entry, parser)))
        .toList();
  }

  /** The first millisecond of {@code start}, or null. */
  static Long from(String start) {
    return start == null ? null : bound(start, "start").getTimeInMillis();
  }

  /** The last millisecond of {@code end} at its precision (end=2026-11: the whole of November), or null. */
  static Long to(String end) {
    if (end == null) {
      return null;
    }
    Calendar upper = bound(end, "end");
    upper.add(calendarField(new DateTimeType(end).getPrecision()), 1); // the whole day, month, ... named
    return upper.getTimeInMillis() - 1;
  }

  long count(AuditLog.ReportQuery query) {
    return auditLog.reportCount(query);
  }

  List<AuditLog.ReportGroup> groups(AuditLog.ReportQuery query, int limit) {
    return auditLog.reportGroups(query, limit);
  }

  /** One page of the report's events, read back as records. */
  List<DisclosureRecord> page(AuditLog.ReportQuery query, boolean newestFirst, int offset, int count) {
    IParser parser = fhir.newJsonParser();
    return auditLog.reportPage(query, newestFirst, offset, count).stream()
        .map(entry -> DisclosureRecord.of(AuditLog.event(entry, parser))).toList();
  }

  /** A FHIR date or dateTime; without a zone, in the server's time zone. */
  private static Calendar bound(String value, String name) {
    try {
      return new DateTimeType(value).getValueAsCalendar();
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new InvalidRequestException(Messages.text("audit.dateParameter", name, value));
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
}
