package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import nl.sluis.security.RequesterContext;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code POST QuestionnaireResponse/{id}/$request-advice}: ask an advice body (Platform JEP, the Landelijk
 * Steunpunt Extremisme, or a municipality) for advice <b>without the client's name</b> (the guidance: "zonder naam
 * van de cliënt"). Builds the anonymised summary of {@code $anonymised-summary}, records what is sent as a
 * {@code sluis-Communication-AdviceRequest} (payload: the summary and the question; the record itself names the
 * client and the concern for the organisation's own file and is very restricted), and answers with what left —
 * the summary, the question, the advice body — and a reference to the record; never the client's or the
 * response's ids. Reading the response and its findings is decided and audited as a read in this request.
 *
 * <p>Parameters: {@code adviceBody} (Coding from {@code ValueSet/advice-body}, required), {@code question}
 * (string, at most {@value AdviceRequests#MAX_QUESTION} characters, must not name the client), {@code municipality}
 * (Reference to an Organization, required with {@code gemeente} and only then).
 */
public class AdviceRequestOperation {

  private final AnonymisedSummaries summaries;
  private final AdviceRequests requests;
  private final DaoRegistry daos;
  private final FhirContext fhir;

  AdviceRequestOperation(AnonymisedSummaries summaries, AdviceRequests requests, DaoRegistry daos, FhirContext fhir) {
    this.summaries = summaries;
    this.requests = requests;
    this.daos = daos;
    this.fhir = fhir;
  }

  @Operation(name = "$request-advice", idempotent = false, type = QuestionnaireResponse.class)
  public Parameters requestAdvice(@IdParam IdType id,
      @OperationParam(name = "adviceBody", min = 0, max = 1) Coding adviceBody,
      @OperationParam(name = "question", min = 0, max = 1) StringType question,
      @OperationParam(name = "municipality", min = 0, max = 1) Reference municipality,
      RequestDetails request) {
    RequesterContext requester = AnonymisedSummaries.internalRequester(request, "$request-advice");
    // Every input is checked before any record is read: bad input answers the same whatever is stored.
    AdviceRequests.AdviceBody body = requests.adviceBody(adviceBody, municipality);
    String text = AdviceRequests.question(question);
    QuestionnaireResponse response = summaries.response(request, requester, "QuestionnaireResponse/" + id.getIdPart());
    requests.refuseIfNamingTheClient(text, response);
    Bundle summary = summaries.summary(request, requester, response);
    byte[] json = fhir.newJsonParser().encodeResourceToString(summary).getBytes(StandardCharsets.UTF_8);

    Communication record = new Communication();
    record.getMeta().addProfile(AdviceRequests.PROFILE)
        .addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "V", "very restricted");
    record.setStatus(Communication.CommunicationStatus.COMPLETED);
    record.addCategory(new CodeableConcept(new Coding(AdviceRequests.CATEGORY_SYSTEM, "advice-request",
        "Adviesvraag zonder naam van de cliënt")));
    record.setSubject(new Reference(response.getSubject().getReference()));
    record.addAbout(new Reference("QuestionnaireResponse/" + response.getIdElement().getIdPart()));
    record.setSent(new Date());
    record.addRecipient(body.recipient());
    String sender = requester.fhirUser();
    if (sender != null && (sender.startsWith("Practitioner/") || sender.startsWith("PractitionerRole/"))) {
      record.setSender(new Reference(sender));
    }
    record.addReasonCode(new CodeableConcept(body.coding()));
    if (text != null) {
      record.addPayload().setContent(new StringType(text));
    }
    record.addPayload().setContent(new Attachment().setContentType("application/fhir+json")
        .setTitle("Geanonimiseerde samenvatting van de casus").setData(json));
    // Stored with this request: validated, and refused if the requester may not write about this client.
    Communication stored = (Communication) daos.getResourceDao(Communication.class).create(record, request)
        .getResource();
    summaries.audit(request, requester, stored); // the transfer's AuditEvent names the record of what was sent

    Parameters out = new Parameters();
    out.addParameter().setName("communication").setValue(new Reference("Communication/"
        + stored.getIdElement().getIdPart()));
    out.addParameter().setName("adviceBody").setValue(body.coding());
    out.addParameter().setName("recipient").setValue(new StringType(body.recipient().getDisplay()));
    if (text != null) {
      out.addParameter().setName("question").setValue(new StringType(text));
    }
    out.addParameter().setName("summary").setResource(summary);
    DisclosureConsentService.decidedByOperation(request, summary);
    return out;
  }
}
