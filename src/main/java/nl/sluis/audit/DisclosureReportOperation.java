package nl.sluis.audit;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code GET /fhir/$disclosure-report?start=&end=} for the privacy officer: disclosures over a period per
 * recipient organisation and ground (counts per outcome), the list of legal-ground disclosures (without
 * consent), and every matching event. Optional filters: {@code patient} (Patient/1), {@code organization}
 * (URA), {@code outcome} (permit, deny, ...), {@code purpose} (v3-ActReason code), {@code ground} (consent,
 * a legal ground code, or a policy rule id) and {@code basis} (Consent/1 or a rule id). The answer holds
 * references and codes only, never resource content.
 */
public class DisclosureReportOperation {

  private final AuditTrailQuery query;
  private final AuditAccess access;

  DisclosureReportOperation(AuditTrailQuery query, AuditAccess access) {
    this.query = query;
    this.access = access;
  }

  @Operation(name = "$disclosure-report", idempotent = true)
  public Parameters report(
      @OperationParam(name = "start", max = 1) StringType start,
      @OperationParam(name = "end", max = 1) StringType end,
      @OperationParam(name = "patient", max = 1) StringType patient,
      @OperationParam(name = "organization", max = 1) StringType organization,
      @OperationParam(name = "outcome", max = 1) StringType outcome,
      @OperationParam(name = "purpose", max = 1) StringType purpose,
      @OperationParam(name = "ground", max = 1) StringType ground,
      @OperationParam(name = "basis", max = 1) StringType basis,
      RequestDetails request) {
    access.requirePrivacyOfficer(request, "$disclosure-report");
    List<DisclosureRecord> records = query.find(value(patient), value(start), value(end)).stream()
        .filter(r -> matches(organization, r.organization()) && matches(outcome, r.outcome())
            && matches(purpose, r.purpose()) && matches(ground, r.ground())
            && (basis == null || r.bases().stream().anyMatch(b -> basis.getValue().equals(b.reference()))))
        .toList();
    Parameters result = new Parameters();
    if (start != null) {
      result.addParameter("start", start);
    }
    if (end != null) {
      result.addParameter("end", end);
    }
    result.addParameter("total", new IntegerType(records.size()));
    Map<String, Map<String, Integer>> groups = new TreeMap<>();
    Map<String, String> names = new TreeMap<>();
    for (DisclosureRecord record : records) {
      String key = record.organization() + "\u0000" + record.ground();
      groups.computeIfAbsent(key, k -> new TreeMap<>()).merge(record.outcome(), 1, Integer::sum);
      if (record.organizationName() != null) {
        names.put(record.organization(), record.organizationName());
      }
    }
    groups.forEach((key, counts) -> {
      String[] parts = key.split("\u0000");
      ParametersParameterComponent group = result.addParameter().setName("group");
      group.addPart().setName("organization").setValue(new StringType(parts[0]));
      if (names.containsKey(parts[0])) {
        group.addPart().setName("organizationName").setValue(new StringType(names.get(parts[0])));
      }
      group.addPart().setName("ground").setValue(new StringType(parts[1]));
      group.addPart().setName("count").setValue(new IntegerType(counts.values().stream().mapToInt(i -> i).sum()));
      counts.forEach((code, count) -> {
        ParametersParameterComponent byOutcome = group.addPart().setName("outcome");
        byOutcome.addPart().setName("code").setValue(new StringType(code));
        byOutcome.addPart().setName("count").setValue(new IntegerType(count));
      });
    });
    for (DisclosureRecord record : records) {
      if (record.legalGroundWithoutConsent() != null) {
        summary(result.addParameter().setName("legalGroundDisclosure"), record);
      }
    }
    for (DisclosureRecord record : records) {
      summary(result.addParameter().setName("event"), record);
    }
    return result;
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

  private static boolean matches(StringType filter, String value) {
    return filter == null || filter.getValue() == null || filter.getValue().equals(value);
  }

  private static String value(StringType type) {
    return type == null ? null : type.getValue();
  }
}
