package nl.sluis.audit;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.TestTokens;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The disclosure tests' situation (nl.sluis.disclosure.DisclosureFixture, package-private there): a client
 * of 17 with a BSN, an Observation the external GP may receive under the client's consent and one labelled
 * very restricted, and another client with an Observation; written by the trusted test system.
 */
final class AuditFixture {

  static final String GP_URA = "00000002";
  static final String STRANGER_URA = "00000003";
  static final FhirContext FHIR = FhirContext.forR4Cached();
  final String marker = "Geheim" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  final String bsn;
  final String patient;
  final String sharedObservation;
  final String restrictedObservation;
  final String otherPatient;
  final String otherObservation;
  private final FhirHttp system;

  AuditFixture(FhirHttp system, String bsn) {
    this.system = system;
    this.bsn = bsn;
    patient = create("/fhir/Patient", patient(bsn, marker, LocalDate.now().minusYears(17)));
    sharedObservation = create("/fhir/Observation", observation(patient, marker + "-gedeeld", false));
    restrictedObservation = create("/fhir/Observation", observation(patient, marker + "-zorgsignaal", true));
    otherPatient = create("/fhir/Patient", patient(null, marker + "Ander", LocalDate.now().minusYears(30)));
    otherObservation = create("/fhir/Observation", observation(otherPatient, marker + "-ander", false));
  }

  static FhirHttp gp(FhirHttp anonymous) {
    return anonymous.withToken(TestTokens.token(GP_URA, "uzi-900000015", "01.015", "TREAT", "system/*.rs", null));
  }

  static FhirHttp stranger(FhirHttp anonymous) {
    return anonymous.withToken(TestTokens.token(STRANGER_URA, "uzi-900000016", "01.015", "TREAT", "system/*.rs", null));
  }

  static FhirHttp privacyOfficer(FhirHttp anonymous) {
    return anonymous.withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000077", "privacy-officer", null,
        "user/*.cruds", null));
  }

  String create(String path, String body) {
    HttpResponse<String> response = system.post(path, FHIR_JSON, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }

  /** The AuditEvents about a client, oldest first, read as the trusted system. */
  List<AuditEvent> events(String patientId) {
    HttpResponse<String> found = system.get("/fhir/AuditEvent?patient=Patient/" + patientId + "&_count=200");
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, found.body());
    return bundle.getEntry().stream().map(e -> (AuditEvent) e.getResource())
        .sorted(java.util.Comparator.comparing(e -> AuditChainHash.sequence(e).orElseThrow()))
        .toList();
  }

  String grantGpObservations() {
    return create("/fhir/Consent", consentForGp());
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

  /** The GP's consent for Observations with one of them withheld by name (a nested deny provision). */
  String grantGpObservationsWithheld(String observation) {
    String consent = consentForGp();
    return create("/fhir/Consent", consent.substring(0, consent.length() - 2) + ",\"provision\":[{\"type\":\"deny\","
        + "\"data\":[{\"meaning\":\"instance\",\"reference\":{\"reference\":\"Observation/" + observation + "\"}}]}]}}");
  }

  /** The client's own consent (17: the client alone decides) for the GP to receive Observations. */
  String consentForGp() {
    return "{\"resourceType\":\"Consent\",\"status\":\"active\","
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
        + "\"class\":[{\"system\":\"http://hl7.org/fhir/resource-types\",\"code\":\"Observation\"}]}}";
  }
}
