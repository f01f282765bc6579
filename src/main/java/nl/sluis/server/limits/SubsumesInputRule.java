package nl.sluis.server.limits;

import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.HashSet;
import java.util.Set;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.Parameters;

/**
 * {@code CodeSystem/$subsumes} without its inputs fails inside HAPI with a NullPointerException (a 500). FHIR
 * asks for either {@code codeA} and {@code codeB} with a {@code system} (or on an instance, whose CodeSystem is
 * the system), or {@code codingA} and {@code codingB}; anything else is answered 400 before HAPI runs.
 */
final class SubsumesInputRule {

  /** Where HAPI keeps an operation's parsed POST body (OperationParameter.REQUEST_CONTENTS_USERDATA_KEY). */
  private static final String PARSED_BODY = OperationParam.class.getName() + "_PARSED_RESOURCE";

  private SubsumesInputRule() {}

  static void check(RequestDetails request) {
    if (!"$subsumes".equals(request.getOperation())) {
      return;
    }
    Set<String> names = new HashSet<>(request.getParameters().keySet());
    if (request.getUserData().get(PARSED_BODY) instanceof Parameters body) {
      body.getParameter().forEach(parameter -> names.add(parameter.getName()));
    }
    boolean instance = request.getId() != null && request.getId().hasIdPart();
    boolean codes = names.contains("codeA") && names.contains("codeB") && (instance || names.contains("system"));
    boolean codings = names.contains("codingA") && names.contains("codingB");
    if (!codes && !codings) {
      throw new InvalidRequestException(Messages.text("terminology.subsumesInput"));
    }
  }
}
