package nl.sluis.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import nl.sluis.server.language.Messages;

/**
 * Sluis serves FHIR as JSON and XML only: Apache Jena, which HAPI's RDF (Turtle) parser needs, is kept out of
 * the jar. Without this interceptor a request for Turtle ({@code _format=ttl}, {@code Accept: text/turtle})
 * or with a Turtle body would reach HAPI's RDF parser and fail as a 500. It answers 406 (format not
 * available) or 415 (body not accepted) instead, as an OperationOutcome in JSON; the CapabilityStatement
 * lists no Turtle because HAPI finds no RDF parser. It steps aside if an RDF parser is ever on the classpath.
 */
@Interceptor
public class RdfFormatRefusal {

  private final boolean rdfSupported;

  public RdfFormatRefusal(FhirContext context) {
    this.rdfSupported = context.isFormatRdfSupported();
  }

  /** Before HAPI picks a handler, with the same format choice HAPI would make for the answer. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean refuseRdf(RequestDetails request, HttpServletRequest servletRequest,
      HttpServletResponse servletResponse) throws IOException {
    if (rdfSupported) {
      return true;
    }
    String contentType = servletRequest.getContentType();
    if (contentType != null && EncodingEnum.forContentType(contentType) == EncodingEnum.RDF) {
      OperationOutcomeResponses.write(servletResponse, 415, "not-supported",
          Messages.text("format.turtleBodyRefused"));
      return false;
    }
    RestfulServerUtils.ResponseEncoding answer = RestfulServerUtils.determineResponseEncodingNoDefault(request, null);
    if (answer != null && answer.getEncoding() == EncodingEnum.RDF) {
      OperationOutcomeResponses.write(servletResponse, 406, "not-supported",
          Messages.text("format.turtleAnswerRefused"));
      return false;
    }
    return true;
  }
}
