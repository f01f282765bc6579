package nl.sluis.disclosure;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The inputs of {@code $request-advice}, checked: which advice body (the value set {@code advice-body}: Platform JEP
 * and the Landelijk Steunpunt Extremisme by code, a municipality as a stored Organization), and a bounded question
 * that does not name the client. Every refusal is a 400/422 OperationOutcome saying what is wrong.
 */
final class AdviceRequests {

  static final String PROFILE = "http://sluis.nl/fhir/StructureDefinition/sluis-Communication-AdviceRequest";
  static final String CATEGORY_SYSTEM = "http://sluis.nl/fhir/CodeSystem/communication-category";
  static final String PARTNER_SYSTEM = "http://sluis.nl/fhir/CodeSystem/consultation-partner";
  /** Identifies a national advice body that has no URA (Platform JEP, the Landelijk Steunpunt Extremisme). */
  static final String ADVICE_BODY_SYSTEM = "http://sluis.nl/fhir/NamingSystem/advice-body";
  static final int MAX_QUESTION = 2000;
  static final String MUNICIPALITY = "gemeente";
  /** The advice bodies of the value set advice-body, with their Dutch displays. */
  private static final Map<String, String> BODIES = Map.of("platform-jep", "Platform JEP",
      "landelijk-steunpunt-extremisme", "Landelijk Steunpunt Extremisme", MUNICIPALITY, "Gemeente");
  private static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";

  /** The advice body as coded (reasonCode) and as the one recipient. */
  record AdviceBody(Coding coding, Reference recipient) {}

  private final DaoRegistry daos;

  AdviceRequests(DaoRegistry daos) {
    this.daos = daos;
  }

  AdviceBody adviceBody(Coding adviceBody, Reference municipality) {
    if (adviceBody == null || !adviceBody.hasCode()) {
      throw new InvalidRequestException(Messages.text("advice.bodyRequired", PARTNER_SYSTEM));
    }
    String code = adviceBody.getCode();
    if (!PARTNER_SYSTEM.equals(adviceBody.getSystem()) || !BODIES.containsKey(code)) {
      throw unprocessable(Messages.text("advice.bodyUnknown", PARTNER_SYSTEM));
    }
    Coding coding = new Coding(PARTNER_SYSTEM, code, BODIES.get(code));
    if (!MUNICIPALITY.equals(code)) {
      if (municipality != null) {
        throw unprocessable(Messages.text("advice.municipalityOnlyForGemeente"));
      }
      return new AdviceBody(coding, new Reference().setType("Organization").setDisplay(BODIES.get(code))
          .setIdentifier(new Identifier().setSystem(ADVICE_BODY_SYSTEM).setValue(code)));
    }
    return new AdviceBody(coding, municipality(municipality));
  }

  /** The municipality: a stored Organization named by {@code Organization/<id>}. */
  private Reference municipality(Reference municipality) {
    String reference = municipality == null ? null : municipality.getReference();
    if (reference == null || !reference.matches("Organization/[A-Za-z0-9\\-.]{1,64}")) {
      throw unprocessable(Messages.text("advice.municipalityRequired"));
    }
    try {
      Organization organization = daos.getResourceDao(Organization.class).read(new IdType(reference),
          new SystemRequestDetails());
      String name = organization.hasName() ? organization.getName() : "Gemeente";
      return new Reference(reference).setDisplay(name);
    } catch (BaseServerResponseException missing) {
      throw unprocessable(Messages.text("advice.municipalityNotKnown", reference));
    }
  }

  /** The question, trimmed; null when absent or blank. */
  static String question(StringType question) {
    String text = question == null ? null : question.getValue();
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.length() > MAX_QUESTION) {
      throw unprocessable(Messages.text("advice.questionTooLong", text.length(), MAX_QUESTION));
    }
    return text.strip();
  }

  /**
   * Refuses a question that names the client: the BSN, a name, the birth date or a postal code of the client
   * (the summary itself is anonymised; the question is the professional's own text and could undo that).
   */
  void refuseIfNamingTheClient(String question, QuestionnaireResponse response) {
    String client = response.getSubject().getReference();
    if (client == null || !client.startsWith("Patient/")) {
      throw unprocessable(Messages.text("advice.noClient"));
    }
    if (question == null) {
      return;
    }
    Patient patient;
    try {
      patient = daos.getResourceDao(Patient.class).read(new IdType(client).toUnqualifiedVersionless(),
          new SystemRequestDetails());
    } catch (BaseServerResponseException missing) {
      return; // nothing known to compare with
    }
    List<String> found = new ArrayList<>();
    String lower = question.toLowerCase(Locale.ROOT);
    for (Identifier identifier : patient.getIdentifier()) {
      if (BSN.equals(identifier.getSystem()) && identifier.hasValue() && question.contains(identifier.getValue())) {
        found.add("BSN");
      }
    }
    for (HumanName name : patient.getName()) {
      List<String> parts = new ArrayList<>(name.getGiven().stream().map(StringType::getValue).toList());
      parts.add(name.getFamily());
      for (String part : parts) {
        if (part != null && part.length() > 1 && Pattern.compile("(?<!\\p{L})" + Pattern.quote(
            part.toLowerCase(Locale.ROOT)) + "(?!\\p{L})").matcher(lower).find()) {
          found.add("name");
        }
      }
    }
    if (patient.hasBirthDate()) {
      String iso = patient.getBirthDateElement().getValueAsString();
      if (iso.length() == 10 && (question.contains(iso) || question.contains(iso.substring(8) + "-"
          + iso.substring(5, 7) + "-" + iso.substring(0, 4)))) {
        found.add("birth date");
      }
    }
    patient.getAddress().forEach(address -> {
      if (address.hasPostalCode() && lower.replace(" ", "").contains(address.getPostalCode().toLowerCase(Locale.ROOT)
          .replace(" ", ""))) {
        found.add("postal code");
      }
    });
    if (!found.isEmpty()) {
      throw unprocessable(Messages.text("advice.questionNamesClient",
          String.join(", ", found.stream().distinct().toList())));
    }
  }

  static UnprocessableEntityException unprocessable(String message) {
    org.hl7.fhir.r4.model.OperationOutcome outcome = new org.hl7.fhir.r4.model.OperationOutcome();
    outcome.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
        .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.INVALID).setDiagnostics(message);
    return new UnprocessableEntityException(message, outcome);
  }
}
