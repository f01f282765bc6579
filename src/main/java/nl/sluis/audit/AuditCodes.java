package nl.sluis.audit;

/** Code systems and identifiers the disclosure AuditEvents use (BALP shape, sluis-AuditEvent-Disclosure). */
final class AuditCodes {

  static final String PROFILE = "http://sluis.nl/fhir/StructureDefinition/sluis-AuditEvent-Disclosure";
  static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
  static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
  static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
  static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
  static final String BALP_ENTITY_TYPE = "http://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";
  static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
  static final String ROLE_CLASS = "http://terminology.hl7.org/CodeSystem/v3-RoleClass";
  static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
  static final String LEGAL_GROUND = "http://sluis.nl/fhir/CodeSystem/legal-ground";
  static final String LEGAL_GROUND_EXTENSION = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-LegalGround";
  /** The token's subject id (UZI, AGB or local id: the token does not say which register). */
  static final String TOKEN_SUBJECT = "http://sluis.nl/fhir/NamingSystem/token-subject";
  /** The OAuth client application, for patient-facing requesters that have no organisation (URA). */
  static final String OAUTH_CLIENT = "http://sluis.nl/fhir/NamingSystem/oauth-client";
  /** A rule of law or of the organisation policy a decision rested on (ids from the engine's Rules). */
  static final String DISCLOSURE_RULE = "http://sluis.nl/fhir/NamingSystem/disclosure-rule";
  static final String ENTITY_DETAIL_BASIS = "basis";
  static final String ENTITY_DETAIL_REASON = "reason";

  private AuditCodes() {}
}
