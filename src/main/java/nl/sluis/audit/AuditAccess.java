package nl.sluis.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import nl.sluis.disclosure.DisclosureService;
import nl.sluis.disclosure.ExplainDisclosureOperation;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;

/** Who may read the audit trail: the privacy officer (internal, role privacy-officer) and trusted systems. */
final class AuditAccess {

  private final DisclosureService disclosure;

  AuditAccess(DisclosureService disclosure) {
    this.disclosure = disclosure;
  }

  RequesterContext requester(RequestDetails request) {
    return RequesterContext.of(request).orElseThrow(() -> new ForbiddenOperationException(Messages.text("token.required")));
  }

  boolean isPrivacyOfficerOrTrusted(RequesterContext requester) {
    return requester.internal() && (ExplainDisclosureOperation.PRIVACY_OFFICER_ROLE.equals(requester.roleCode())
        || disclosure.isTrusted(requester));
  }

  void requirePrivacyOfficer(RequestDetails request, String operation) {
    if (!isPrivacyOfficerOrTrusted(requester(request))) {
      throw new ForbiddenOperationException(Messages.text("operation.privacyOfficerOnly", operation));
    }
  }
}
