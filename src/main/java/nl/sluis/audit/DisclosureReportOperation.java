package nl.sluis.audit;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code GET /fhir/$disclosure-report?start=&end=} for the privacy officer: disclosures over a period per
 * recipient organisation and ground (counts per outcome), the legal-ground disclosures (without consent), and
 * the matching events, one page at a time. Optional filters: {@code patient} (Patient/1), {@code organization}
 * (URA), {@code outcome} (permit, deny, ...), {@code purpose} (v3-ActReason code), {@code ground} (consent, a
 * legal ground code, or a policy rule id) and {@code basis} (Consent/1 or a rule id); paging: {@code _count}
 * (1–1000, default 100), {@code _offset} (at most 100,000: narrow the period for more), {@code _sort} ({@code date}
 * or {@code -date}). Totals and groups are counted in the database over every match; only the page's events are
 * read. The answer holds references and codes only, never resource content.
 */
public class DisclosureReportOperation {

  static final int DEFAULT_COUNT = 100;
  static final int MAX_COUNT = 1000;
  static final int MAX_OFFSET = 100_000;
  /** More groups than this is not a report but a listing: the answer says it was cut. */
  static final int MAX_GROUPS = 1000;
  static final String NAME = "$disclosure-report";
  private final AuditTrailQuery query;
  private final AuditAccess access;

  DisclosureReportOperation(AuditTrailQuery query, AuditAccess access) {
    this.query = query;
    this.access = access;
  }

  @Operation(name = NAME, idempotent = true)
  public Parameters report(
      @OperationParam(name = "start", max = 1) StringType start,
      @OperationParam(name = "end", max = 1) StringType end,
      @OperationParam(name = "patient", max = 1) StringType patient,
      @OperationParam(name = "organization", max = 1) StringType organization,
      @OperationParam(name = "outcome", max = 1) StringType outcome,
      @OperationParam(name = "purpose", max = 1) StringType purpose,
      @OperationParam(name = "ground", max = 1) StringType ground,
      @OperationParam(name = "basis", max = 1) StringType basis,
      @OperationParam(name = "_count", max = 1) IntegerType count,
      @OperationParam(name = "_offset", max = 1) IntegerType offset,
      @OperationParam(name = "_sort", max = 1) StringType sort,
      RequestDetails request) {
    access.requirePrivacyOfficer(request, NAME);
    int pageSize = bounded(count, "_count", DEFAULT_COUNT, 1, MAX_COUNT);
    int first = bounded(offset, "_offset", 0, 0, MAX_OFFSET);
    String order = value(sort) == null ? "date" : value(sort);
    if (!order.equals("date") && !order.equals("-date")) {
      throw new InvalidRequestException(Messages.text("audit.reportSort", order));
    }
    AuditLog.ReportQuery filter = new AuditLog.ReportQuery(value(patient), AuditTrailQuery.from(value(start)),
        AuditTrailQuery.to(value(end)), value(organization), value(outcome), value(ground), value(purpose),
        value(basis), false);
    boolean newestFirst = order.equals("-date");
    Parameters result = new Parameters();
    if (start != null) {
      result.addParameter("start", start);
    }
    if (end != null) {
      result.addParameter("end", end);
    }
    // one pass over the period gives the groups and both totals; counted apart only when the groups were cut
    List<AuditLog.ReportGroup> rows = query.groups(filter, MAX_GROUPS + 1);
    boolean cut = rows.size() > MAX_GROUPS;
    AuditLog.ReportQuery legal = filter.onlyLegalGrounds();
    long total = cut ? query.count(filter) : rows.stream().mapToLong(AuditLog.ReportGroup::count).sum();
    long legalTotal = cut ? query.count(legal)
        : rows.stream().filter(AuditLog.ReportGroup::legal).mapToLong(AuditLog.ReportGroup::count).sum();
    result.addParameter("total", new IntegerType(Math.toIntExact(total)));
    result.addParameter("offset", new IntegerType(first));
    result.addParameter("count", new IntegerType(pageSize));
    groups(result, cut ? rows.subList(0, MAX_GROUPS) : rows, cut);
    result.addParameter("legalGroundTotal", new IntegerType(Math.toIntExact(legalTotal)));
    if (first == 0 && legalTotal > 0) {
      for (DisclosureRecord record : query.page(legal, newestFirst, 0, pageSize)) {
        summary(result.addParameter().setName("legalGroundDisclosure"), record);
      }
    }
    for (DisclosureRecord record : query.page(filter, newestFirst, first, pageSize)) {
      summary(result.addParameter().setName("event"), record);
    }
    return result;
  }

  /** Per recipient and ground: the count and the count per outcome. */
  private static void groups(Parameters result, List<AuditLog.ReportGroup> rows, boolean cut) {
    if (cut) {
      result.addParameter("groupsTruncated", new BooleanType(true));
    }
    // rows differ also by the legal flag; an outcome is listed once per recipient and ground
    Map<List<String>, Map<String, Long>> byRecipientAndGround = new LinkedHashMap<>();
    Map<String, String> names = new java.util.HashMap<>();
    for (AuditLog.ReportGroup row : rows) {
      byRecipientAndGround.computeIfAbsent(Arrays.asList(row.recipient(), row.ground()), k -> new LinkedHashMap<>())
          .merge(java.util.Objects.toString(row.outcome(), "unknown"), row.count(), Long::sum);
      if (row.recipientName() != null) {
        names.putIfAbsent(String.valueOf(row.recipient()), row.recipientName());
      }
    }
    byRecipientAndGround.forEach((key, outcomes) -> {
      ParametersParameterComponent group = result.addParameter().setName("group");
      group.addPart().setName("organization").setValue(new StringType(key.get(0)));
      if (names.containsKey(String.valueOf(key.get(0)))) {
        group.addPart().setName("organizationName").setValue(new StringType(names.get(String.valueOf(key.get(0)))));
      }
      group.addPart().setName("ground").setValue(new StringType(key.get(1) == null ? "none" : key.get(1)));
      group.addPart().setName("count").setValue(new IntegerType(
          Math.toIntExact(outcomes.values().stream().mapToLong(Long::longValue).sum())));
      outcomes.forEach((outcome, count) -> {
        ParametersParameterComponent byOutcome = group.addPart().setName("outcome");
        byOutcome.addPart().setName("code").setValue(new StringType(outcome));
        byOutcome.addPart().setName("count").setValue(new IntegerType(Math.toIntExact(count)));
      });
    });
  }

  private static int bounded(IntegerType given, String name, int fallback, int min, int max) {
    if (given == null || given.getValue() == null) {
      return fallback;
    }
    int number = given.getValue();
    if (number < min || number > max) {
      throw new InvalidRequestException(Messages.text("audit.reportRange", name, min, max, number));
    }
    return number;
  }

  private static void summary(ParametersParameterComponent part, DisclosureRecord record) {
    part.addPart().setName("event").setValue(new StringType("AuditEvent/" + record.id()));
    part.addPart().setName("recorded").setValue(new DateTimeType(record.recorded()));
    part.addPart().setName("patient").setValue(new StringType(record.patient()));
    part.addPart().setName("organization").setValue(new StringType(record.organization()));
    part.addPart().setName("outcome").setValue(new StringType(record.outcome()));
    part.addPart().setName("ground").setValue(new StringType(record.ground()));
    if (record.purpose() != null) {
      part.addPart().setName("purpose").setValue(new StringType(record.purpose()));
    }
    record.bases().forEach(b -> part.addPart().setName("basis").setValue(new StringType(b.reference())));
    part.addPart().setName("dataCount").setValue(new IntegerType(record.data().size()));
  }

  private static String value(StringType type) {
    return type == null ? null : type.getValue();
  }
}
