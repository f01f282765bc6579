package nl.sluis.dataset;

import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;

/** A professional of the organisation: the person, the role held there (UZI role code), and the name. */
record Professional(Practitioner practitioner, PractitionerRole role, String uziRole, String display) {

  /** Psychiatrists and clinical psychologists lead treatment and may record a legal ground (dev policy). */
  boolean leadsTreatment() {
    return uziRole.equals(Organisation.PSYCHIATER) || uziRole.equals(Organisation.KLINISCH_PSYCHOLOOG);
  }
}
