package nl.sluis.dataset;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Systems and small builders the generated resources share (the systems are those of domain.md §3). */
final class Fhir {

  static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
  static final String URA = "http://fhir.nl/fhir/NamingSystem/ura";
  static final String AGB = "http://fhir.nl/fhir/NamingSystem/agb-z";
  static final String BIG = "http://fhir.nl/fhir/NamingSystem/big";
  static final String UZI_PERSON = "http://fhir.nl/fhir/NamingSystem/uzi-nr-pers";
  static final String UZI_ROLE = "http://fhir.nl/fhir/NamingSystem/uzi-rolcode";
  static final String ORGANIZATION_TYPE = "http://nictiz.nl/fhir/NamingSystem/organization-type";
  static final String CONTACT_ROLE = "urn:oid:2.16.840.1.113883.2.4.3.11.22.472";
  static final String V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
  static final String V3_ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  static final String V3_CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
  static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  static final String LOINC = "http://loinc.org";
  static final String SLUIS_CS = "http://sluis.nl/fhir/CodeSystem/";
  static final String SLUIS_SD = "http://sluis.nl/fhir/StructureDefinition/";
  static final String SLUIS_Q = "http://sluis.nl/fhir/Questionnaire/";
  static final String HUMANNAME = "http://hl7.org/fhir/StructureDefinition/humanname-";

  private Fhir() {}

  static Coding coding(String system, String code, String display) {
    return new Coding(system, code, display);
  }

  static Coding sluis(String codeSystem, String code, String display) {
    return new Coding(SLUIS_CS + codeSystem, code, display);
  }

  static CodeableConcept concept(String system, String code, String display) {
    return new CodeableConcept(coding(system, code, display));
  }

  static Identifier identifier(String system, String value) {
    return new Identifier().setSystem(system).setValue(value);
  }

  /** A literal reference to a generated resource (its id is fixed: the bundles use PUT). */
  static Reference ref(Resource target, String display) {
    Reference reference = new Reference(target.fhirType() + "/" + target.getIdElement().getIdPart());
    return display == null ? reference : reference.setDisplay(display);
  }

  /** A logical reference to an organisation by its URA, as the consent's recipient. */
  static Reference uraRef(String ura, String display) {
    return new Reference().setIdentifier(identifier(URA, ura)).setDisplay(display);
  }

  static <T extends Resource> T withId(T resource, String id) {
    resource.setId(id);
    return resource;
  }
}
