package nl.sluis.disclosure;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.UUID;
import nl.sluis.testsupport.FhirHttp;

/**
 * A client (17 today) with two Observations — one the external GP may receive under the client's
 * consent, one labelled very restricted that no ground covers — written by the trusted test system.
 */
final class DisclosureFixture {

  static final String GP_URA = "00000002";
  static final String STRANGER_URA = "00000003";
  final String marker = "Verborgen" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  final String bsn;
  final String patient;
  final String sharedObservation;
  final String restrictedObservation;
  final String otherPatient;
  final String otherObservation;
  String consent;
  private final FhirHttp system;

  DisclosureFixture(FhirHttp system, String bsn) {
    this.system = system;
    this.bsn = bsn;
    patient = create("/fhir/Patient", patient(bsn, marker, LocalDate.now().minusYears(17)));
    sharedObservation = create("/fhir/Observation", observation(patient, "gedeeld", false));
    restrictedObservation = create("/fhir/Observation", observation(patient, "zorgsignaal", true));
    otherPatient = create("/fhir/Patient", patient(null, marker + "Ander", LocalDate.now().minusYears(30)));
    otherObservation = create("/fhir/Observation", observation(otherPatient, "ander", false));
  }

  String create(String path, String body) {
    HttpResponse<String> response = system.post(path, FHIR_JSON, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }

  /** An own psychiatrist: need-to-know of ordinary records (dev policy), not of very restricted ones. */
  static String psychiatristToken() {
    return nl.sluis.testsupport.TestTokens.token(nl.sluis.testsupport.TestTokens.OWN_URA, "uzi-900000033", "01.035",
        "TREAT", "user/*.cruds", null);
  }

  /** An external organisation nobody's consent or ground names. */
  static String strangerToken() {
    return nl.sluis.testsupport.TestTokens.token(STRANGER_URA, "uzi-900000016", "01.015", "TREAT", "system/*.rs", null);
  }

  static String patient(String bsn, String family, LocalDate birthDate) {
    String identifier = bsn == null ? "" : "\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\","
        + "\"value\":\"" + bsn + "\"}],";
    return "{\"resourceType\":\"Patient\"," + identifier + "\"name\":[{\"use\":\"official\",\"family\":\""
        + family + "\"}],\"birthDate\":\"" + birthDate + "\"}";
  }

  static String observation(String patient, String text, boolean veryRestricted) {
    String security = veryRestricted
        ? "\"meta\":{\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\","
            + "\"code\":\"V\"}]},"
        : "";
    return "{\"resourceType\":\"Observation\"," + security + "\"status\":\"final\",\"code\":{\"text\":\"" + text
        + "\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"effectiveDateTime\":\""
        + LocalDate.now() + "\",\"valueString\":\"" + text + " toelichting\"}";
  }

  /** The client's own consent (17: the client alone decides) for the GP to receive Observations. */
  String consentForGp(String status, String classOrData) {
    return consentForGp(patient, status, classOrData);
  }

  /** The client's own consent for the GP to receive data (valid alone from the client's 16th birthday). */
  static String consentForGp(String patient, String status, String classOrData) {
    return "{\"resourceType\":\"Consent\",\"status\":\"" + status + "\","
        + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
        + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"64292-6\"}]},"
        + "{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/consent-category\",\"code\":\"client-consent\"}]}],"
        + "\"patient\":{\"reference\":\"Patient/" + patient + "\"},\"dateTime\":\"" + LocalDate.now().minusDays(1) + "\","
        + "\"performer\":[{\"reference\":\"Patient/" + patient + "\"}],"
        + "\"policyRule\":{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/legal-ground\",\"code\":\"consent\"}]},"
        + "\"provision\":{\"type\":\"permit\",\"period\":{\"start\":\"" + LocalDate.now().minusDays(1) + "\"},"
        + "\"actor\":[{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},"
        + "\"reference\":{\"identifier\":{\"system\":\"http://fhir.nl/fhir/NamingSystem/ura\",\"value\":\"" + GP_URA + "\"}}}],"
        + "\"action\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentaction\",\"code\":\"disclose\"}]}],"
        + "\"purpose\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"TREAT\"}],"
        + classOrData + "}}";
  }

  static String classes(String type) {
    return "\"class\":[{\"system\":\"http://hl7.org/fhir/resource-types\",\"code\":\"" + type + "\"}]";
  }

  /** Consent.provision.code: data categories of our data-category code system. */
  static String categories(String... codes) {
    return "\"code\":[" + java.util.Arrays.stream(codes).map(code -> "{\"coding\":[{\"system\":"
        + "\"http://sluis.nl/fhir/CodeSystem/data-category\",\"code\":\"" + code + "\"}]}")
        .collect(java.util.stream.Collectors.joining(",")) + "]";
  }

  /** A medication the client uses (data category medication). */
  static String medicationStatement(String patient, String medication) {
    return "{\"resourceType\":\"MedicationStatement\",\"status\":\"active\",\"medicationCodeableConcept\":{"
        + "\"text\":\"" + medication + "\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
  }

  static String data(String reference) {
    return "\"data\":[{\"meaning\":\"instance\",\"reference\":{\"reference\":\"" + reference + "\"}}]";
  }
}
