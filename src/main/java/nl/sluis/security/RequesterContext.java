package nl.sluis.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;

/**
 * Who asks, built once per request from the verified token, and available to every later layer
 * (disclosure, audit) through {@link #of(RequestDetails)}.
 *
 * @param organizationUra the requesting organisation's URA number (UZI register abonneenummer);
 *     absent for patient-facing tokens (a client or a parent)
 * @param internal whether the organisation is the one running this server (own URA)
 * @param userId the user (UZI / AGB / local id), or the client application for system tokens
 * @param roleSystem the role's code system, normally {@code http://fhir.nl/fhir/NamingSystem/uzi-rolcode}
 * @param roleCode e.g. {@code 01.035} (psychiater)
 * @param responsibleUserId NEN 7513's responsible user on whose behalf the user acts, where different
 * @param purposeOfUse a {@code http://terminology.hl7.org/CodeSystem/v3-ActReason} code, e.g. TREAT
 * @param fhirUser SMART {@code fhirUser}: Practitioner/x, Patient/x or RelatedPerson/x
 * @param patientContext the patient a patient/ scope is limited to (SMART launch context or fhirUser)
 */
public record RequesterContext(
    String organizationUra,
    String organizationName,
    boolean internal,
    String userId,
    String userName,
    String roleSystem,
    String roleCode,
    String responsibleUserId,
    String responsibleUserName,
    String purposeOfUse,
    String fhirUser,
    String patientContext,
    SmartScopes scopes,
    String clientId,
    String tokenId) {

  public static final String URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura";
  public static final String UZI_ROLE_SYSTEM = "http://fhir.nl/fhir/NamingSystem/uzi-rolcode";
  public static final String PURPOSE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  private static final String KEY = RequesterContext.class.getName();

  /** A client or a relative using a patient-facing app (fhirUser is a Patient or RelatedPerson). */
  public boolean patientFacing() {
    return fhirUser != null && (fhirUser.startsWith("Patient/") || fhirUser.startsWith("RelatedPerson/"));
  }

  public boolean external() {
    return !internal && !patientFacing();
  }

  public static Optional<RequesterContext> of(RequestDetails request) {
    return Optional.ofNullable((RequesterContext) request.getUserData().get(KEY));
  }

  void attachTo(RequestDetails request) {
    request.getUserData().put(KEY, this);
  }
}
