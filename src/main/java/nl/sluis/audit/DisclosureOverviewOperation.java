package nl.sluis.audit;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code GET /fhir/Patient/{id}/$disclosure-overview[?start=&end=]}: NEN 7513's chronological overview for
 * one client — when, who (organisation, user, role, on whose behalf), which data, which action, the outcome,
 * on which ground, and whether it was a legal-ground or emergency access. For the client themself (a
 * patient-facing token whose fhirUser is that Patient) and the privacy officer. Only events whose client is
 * this Patient are read; for a denial it names what was asked, not the withheld resources. It shows only
 * what concerns this client ({@link ClientOverviewFilter}), also to the privacy officer, who reads the
 * whole events through {@code $disclosure-report}.
 */
public class DisclosureOverviewOperation {

  private final AuditTrailQuery query;
  private final AuditAccess access;

  DisclosureOverviewOperation(AuditTrailQuery query, AuditAccess access) {
    this.query = query;
    this.access = access;
  }

  @Operation(name = "$disclosure-overview", idempotent = true, typeName = "Patient")
  public Parameters overview(@IdParam IdType id,
      @OperationParam(name = "start", max = 1) StringType start,
      @OperationParam(name = "end", max = 1) StringType end,
      RequestDetails request) {
    String patient = "Patient/" + id.getIdPart();
    RequesterContext requester = access.requester(request);
    boolean self = patient.equals(requester.fhirUser());
    if (!self && !access.isPrivacyOfficerOrTrusted(requester)) {
      throw new ForbiddenOperationException(Messages.text("audit.overviewClientOnly"));
    }
    Parameters result = new Parameters();
    result.addParameter("patient", new StringType(patient));
    for (DisclosureRecord record : query.find(patient, start == null ? null : start.getValue(),
        end == null ? null : end.getValue())) {
      ParametersParameterComponent entry = result.addParameter().setName("disclosure");
      entry.addPart().setName("when").setValue(new DateTimeType(record.recorded()));
      add(entry, "organization", record.organization());
      add(entry, "organizationName", record.organizationName());
      ClientOverviewFilter.Accessor accessor = ClientOverviewFilter.accessor(record, patient);
      add(entry, "user", accessor.user());
      add(entry, "role", accessor.role());
      add(entry, "onBehalfOf", accessor.onBehalfOf());
      add(entry, "action", record.interaction());
      add(entry, "outcome", record.outcome());
      add(entry, "purpose", record.purpose());
      if ("deny".equals(record.outcome())) {
        add(entry, "asked", ClientOverviewFilter.asked(record, patient));
      } else {
        record.data().forEach(data -> add(entry, "data", data));
      }
      record.bases().forEach(basis -> add(entry, "ground", basis.legalGround() != null
          ? basis.legalGround() + " (" + basis.reference() + ")" : basis.reference()));
      entry.addPart().setName("legalGround").setValue(new BooleanType(record.legalGroundWithoutConsent() != null));
      entry.addPart().setName("emergency").setValue(new BooleanType(record.emergency()));
    }
    return result;
  }

  private static void add(ParametersParameterComponent entry, String name, String value) {
    if (value != null) {
      entry.addPart().setName(name).setValue(new StringType(value));
    }
  }
}
