package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseReference;

/**
 * An inline match URL as a reference ({@code Observation?code=x}) is resolved by HAPI with a search as the
 * system, before any storage hook, and its answer (412 several, 400 none, 201 one) reveals what matched. So a
 * restricted writer may not use one: checked on the request, the resource or bundle as parsed, and a patch's
 * body as text.
 */
final class ConditionalReferences {

  /** A reference value that is a match URL, in a patch body (JSON or XML): {@code "reference":"Type?..."}. */
  private static final Pattern MATCH_URL_REFERENCE = Pattern.compile("reference\"?\\s*(:|value=)\\s*\"[A-Za-z]+\\?");

  private ConditionalReferences() {
  }

  static void refuse(FhirContext fhir, RequestDetails request) {
    boolean conditional;
    if (request.getResource() != null) {
      conditional = fhir.newTerser()
          .getAllPopulatedChildElementsOfType(request.getResource(), IBaseReference.class).stream()
          .map(IBaseReference::getReferenceElement)
          .anyMatch(id -> id != null && id.getValue() != null && !id.isAbsolute() && id.getValue().contains("?"));
    } else {
      byte[] body = request.loadRequestContents();
      conditional = body != null && MATCH_URL_REFERENCE.matcher(new String(body, StandardCharsets.UTF_8)).find();
    }
    if (conditional) {
      throw refusal();
    }
  }

  static InvalidRequestException refusal() {
    return new InvalidRequestException(Messages.text("conditional.referencesClosed"));
  }
}
