package nl.sluis.security;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code GET /fhir/$requester}: what Sluis understood from the caller's own token (organisation,
 * internal or external, user, role, purpose, scopes). Helps client developers and identity-provider
 * administrators check their claim mapping; it reveals nothing but the caller's own token.
 */
public class RequesterOperationProvider {

  public static final String OPERATION = "$requester";

  @Operation(name = OPERATION, idempotent = true)
  public Parameters requester(RequestDetails request) {
    RequesterContext requester = RequesterContext.of(request)
        .orElseThrow(() -> new AuthenticationException(Messages.text("token.required")));
    Parameters parameters = new Parameters();
    if (requester.organizationUra() != null) {
      parameters.addParameter().setName("organization")
          .setValue(new Identifier().setSystem(RequesterContext.URA_SYSTEM).setValue(requester.organizationUra()));
    }
    parameters.addParameter("internal", new BooleanType(requester.internal()));
    parameters.addParameter("external", new BooleanType(requester.external()));
    parameters.addParameter("patientFacing", new BooleanType(requester.patientFacing()));
    add(parameters, "organizationName", requester.organizationName());
    add(parameters, "user", requester.userId());
    add(parameters, "userName", requester.userName());
    if (requester.roleCode() != null) {
      parameters.addParameter().setName("role").setValue(new Coding(requester.roleSystem(), requester.roleCode(), null));
    }
    add(parameters, "responsibleUser", requester.responsibleUserId());
    add(parameters, "responsibleUserName", requester.responsibleUserName());
    if (requester.purposeOfUse() != null) {
      parameters.addParameter().setName("purposeOfUse")
          .setValue(new Coding(RequesterContext.PURPOSE_SYSTEM, requester.purposeOfUse(), null));
    }
    add(parameters, "fhirUser", requester.fhirUser());
    add(parameters, "patientContext", requester.patientContext());
    requester.scopes().raw().forEach(scope -> parameters.addParameter("scope", new StringType(scope)));
    add(parameters, "client", requester.clientId());
    return parameters;
  }

  private static void add(Parameters parameters, String name, String value) {
    if (value != null) {
      parameters.addParameter(name, new StringType(value));
    }
  }
}
