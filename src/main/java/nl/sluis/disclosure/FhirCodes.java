package nl.sluis.disclosure;

/** Code systems the adapter reads from FHIR resources. */
final class FhirCodes {

  static final String LEGAL_GROUND = "http://sluis.nl/fhir/CodeSystem/legal-ground";
  static final String CONSENT_CATEGORY = "http://sluis.nl/fhir/CodeSystem/consent-category";
  static final String POLICY_RULE_KIND = "http://sluis.nl/fhir/CodeSystem/policy-rule-kind";
  static final String DELIBERATION_EXTENSION = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-Deliberation";
  static final String PROVISION_ROLE_EXTENSION = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-ProvisionRole";
  static final String MINOR_CONSENT_MODE_EXTENSION =
      "http://sluis.nl/fhir/StructureDefinition/sluis-ext-MinorConsentMode";
  static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
  static final String URA = "http://fhir.nl/fhir/NamingSystem/ura";
  static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
  static final String V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
  /** nl-core ContactPerson role list; code 24 = Wettelijke vertegenwoordiger (legal representative). */
  static final String CONTACT_ROLE = "urn:oid:2.16.840.1.113883.2.4.3.11.22.472";

  private FhirCodes() {}
}
