package nl.sluis.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * Test fixtures for legal grounds without consent: the weighing record (afweging: a QuestionnaireResponse of
 * {@code afweging-wettelijke-grondslag}) a legal ground must rest on, and the legal-ground Consent itself, as JSON.
 * One place, so that every test that records a legal ground records it as the server requires.
 */
public final class WeighingRecords {

  public static final String QUESTIONNAIRE = "http://sluis.nl/fhir/Questionnaire/afweging-wettelijke-grondslag";
  /** The five conditions of a conflict of duties, in the Questionnaire's order. */
  public static final List<String> CONDITIONS = List.of("voorwaarde-toestemming-gevraagd",
      "voorwaarde-ernstige-schade", "voorwaarde-geen-andere-weg", "voorwaarde-verstrekking-helpt",
      "voorwaarde-zo-min-mogelijk");

  private WeighingRecords() {}

  /**
   * A conflict-of-duties weighing about {@code patient} by {@code author} (e.g. "PractitionerRole/1"), authored at
   * {@code authored} with {@code status}; {@code answers} are the five conditions' answers (all yes when empty).
   */
  public static String conflictOfDuties(String patient, String author, String authored, String status,
      boolean... answers) {
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < CONDITIONS.size(); i++) {
      boolean yes = answers.length == 0 || answers[i];
      String condition = CONDITIONS.get(i);
      groups.add("{\"linkId\":\"" + condition + "\",\"item\":[{\"linkId\":\"" + condition + ".antwoord\","
          + "\"answer\":[{\"valueBoolean\":" + yes + "}]},{\"linkId\":\"" + condition + ".toelichting\","
          + "\"answer\":[{\"valueString\":\"" + (yes ? "Ja: " : "Nee: ") + "toelichting bij " + condition + "\"}]}]}");
    }
    return response(patient, author, authored, status, "conflict-of-duties",
        "{\"linkId\":\"conflict-van-plichten\",\"item\":[" + String.join(",", groups) + "]}");
  }

  /** A weighing of a legal duty or right to report ({@code ground}): the Meldcode, to Veilig Thuis. */
  public static String statutory(String patient, String author, String authored, String ground) {
    return response(patient, author, authored, "completed", ground, "{\"linkId\":\"wettelijke-grondslag\",\"item\":["
        + "{\"linkId\":\"wettelijke-grondslag.basis\",\"answer\":[{\"valueCoding\":{\"system\":"
        + "\"http://sluis.nl/fhir/CodeSystem/statutory-basis\",\"code\":\"meldcode-huiselijk-geweld-kindermishandeling\"}}]},"
        + "{\"linkId\":\"wettelijke-grondslag.ontvanger-soort\",\"answer\":[{\"valueCoding\":{\"system\":"
        + "\"http://sluis.nl/fhir/CodeSystem/consultation-partner\",\"code\":\"veilig-thuis\"}}]}]}");
  }

  /** A weighing of a compelling interest. */
  public static String compellingInterest(String patient, String author, String authored) {
    return response(patient, author, authored, "completed", "compelling-interest",
        "{\"linkId\":\"zwaarwegend-belang\",\"item\":[{\"linkId\":\"zwaarwegend-belang.belang\","
            + "\"answer\":[{\"valueString\":\"Acuut gevaar voor een derde\"}]}]}");
  }

  private static String response(String patient, String author, String authored, String status, String ground,
      String group) {
    return "{\"resourceType\":\"QuestionnaireResponse\",\"meta\":{\"security\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},"
        + "\"questionnaire\":\"" + QUESTIONNAIRE + "\",\"status\":\"" + status + "\","
        + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"authored\":\"" + authored + "\","
        + "\"author\":{\"reference\":\"" + author + "\"},\"item\":[{\"linkId\":\"grondslag\",\"answer\":[{\"valueCoding\":"
        + "{\"system\":\"http://sluis.nl/fhir/CodeSystem/legal-ground\",\"code\":\"" + ground + "\"}}]}," + group + "]}";
  }

  /**
   * An active legal ground ({@code ground}, e.g. conflict-of-duties) resting on {@code weighing} (a reference, or
   * null for none), recorded by {@code performer} at {@code dateTime}, letting organisation {@code recipientUra}
   * receive {@code dataReference} for purpose {@code purpose} from {@code start} to {@code end}.
   */
  public static String legalGround(String patient, String ground, String weighing, String performer, String dateTime,
      String recipientUra, String purpose, String dataReference, String start, String end) {
    String extension = weighing == null ? "" : "\"extension\":[{\"url\":"
        + "\"http://sluis.nl/fhir/StructureDefinition/sluis-ext-Deliberation\",\"valueReference\":{\"reference\":\""
        + weighing + "\"}}],";
    return "{\"resourceType\":\"Consent\"," + extension + "\"status\":\"active\","
        + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
        + "\"category\":[{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/consent-category\",\"code\":\"legal-ground\"}]}],"
        + "\"patient\":{\"reference\":\"Patient/" + patient + "\"},\"dateTime\":\"" + dateTime + "\","
        + "\"performer\":[{\"reference\":\"" + performer + "\"}],"
        + "\"organization\":[{\"identifier\":{\"system\":\"http://fhir.nl/fhir/NamingSystem/ura\",\"value\":\""
        + TestTokens.OWN_URA + "\"}}],"
        + "\"policyRule\":{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/legal-ground\",\"code\":\"" + ground + "\"}]},"
        + "\"provision\":{\"type\":\"permit\",\"period\":{\"start\":\"" + start + "\",\"end\":\"" + end + "\"},"
        + "\"actor\":[{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},"
        + "\"reference\":{\"identifier\":{\"system\":\"http://fhir.nl/fhir/NamingSystem/ura\",\"value\":\"" + recipientUra + "\"}}}],"
        + "\"action\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentaction\",\"code\":\"disclose\"}]}],"
        + "\"purpose\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"" + purpose + "\"}],"
        + "\"data\":[{\"meaning\":\"instance\",\"reference\":{\"reference\":\"" + dataReference + "\"}}]}}";
  }

  /** A Practitioner and a PractitionerRole of this organisation with {@code roleCode} in {@code roleSystem}. */
  public static String practitionerRole(String practitioner, String roleSystem, String roleCode) {
    return "{\"resourceType\":\"PractitionerRole\",\"active\":true,\"practitioner\":{\"reference\":\"Practitioner/"
        + practitioner + "\"},\"organization\":{\"identifier\":{\"system\":\"http://fhir.nl/fhir/NamingSystem/ura\","
        + "\"value\":\"" + TestTokens.OWN_URA + "\"}},\"code\":[{\"coding\":[{\"system\":\"" + roleSystem
        + "\",\"code\":\"" + roleCode + "\"}]}]}";
  }

  public static String practitioner(String family) {
    return "{\"resourceType\":\"Practitioner\",\"name\":[{\"use\":\"official\",\"family\":\"" + family + "\"}]}";
  }
}
