package nl.sluis.audit;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/** {@code GET /fhir/$verify-audit-chain}: walks the hash chain; for the privacy officer and trusted systems. */
public class VerifyAuditChainOperation {

  private final AuditChainVerifier verifier;
  private final AuditAccess access;

  VerifyAuditChainOperation(AuditChainVerifier verifier, AuditAccess access) {
    this.verifier = verifier;
    this.access = access;
  }

  @Operation(name = "$verify-audit-chain", idempotent = true)
  public Parameters verify(RequestDetails request) {
    access.requirePrivacyOfficer(request, "$verify-audit-chain");
    AuditChainVerifier.Result result = verifier.verify();
    Parameters parameters = new Parameters();
    parameters.addParameter("valid", new BooleanType(result.valid()));
    parameters.addParameter("events", new IntegerType(Math.toIntExact(result.events())));
    parameters.addParameter("lastValidSequence", new StringType(Long.toString(result.lastSequence())));
    if (!result.valid()) {
      if (result.brokenEvent() != null) {
        parameters.addParameter().setName("brokenEvent").setValue(new Reference(result.brokenEvent()));
      }
      if (result.brokenSequence() != null) {
        parameters.addParameter("brokenSequence", new StringType(result.brokenSequence().toString()));
      }
      parameters.addParameter("problem", new StringType(result.problem()));
    }
    return parameters;
  }
}
