package nl.sluis.disclosure;

import java.util.EnumSet;
import java.util.Set;
import nl.sluis.disclosure.engine.DataCategory;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * Which data categories (Consent.provision.code, code system {@code data-category}) a stored record holds: the
 * one mapping from records to categories, documented in profiles/README.md (Data categories). A record lists every
 * category it holds, parts included (the engine permits it only when all are named, denies it when any is). A record that fits
 * none gets none: no consent by category covers it, and every denial by category withholds it (fail closed).
 */
final class DataCategories {

  static final String ZORGSIGNAAL = "http://sluis.nl/fhir/Questionnaire/zorgsignaal";
  static final String INSCHATTING = "http://sluis.nl/fhir/Questionnaire/inschatting-situatie-risicos";
  static final String ASSESSMENT_FINDING = "http://sluis.nl/fhir/CodeSystem/assessment-finding";
  /** The findings that conclude an assessment, without the signals behind them. */
  private static final Set<String> CONCLUSION_FINDINGS = Set.of("vulnerability", "derailment-likelihood", "next-step");
  private static final Set<String> MEDICATION = Set.of("MedicationRequest", "MedicationDispense",
      "MedicationAdministration", "MedicationStatement");
  /** Clinical records of the treatment itself (and Observations that are no assessment finding, above). */
  private static final Set<String> TREATMENT = Set.of("Condition", "Procedure", "CarePlan", "CareTeam", "Encounter",
      "EpisodeOfCare", "DiagnosticReport", "ClinicalImpression", "Goal", "ServiceRequest", "AllergyIntolerance",
      "Immunization");

  private DataCategories() {
  }

  static Set<DataCategory> of(IBaseResource resource) {
    if (resource instanceof Patient patient) {
      // A client's record of identity; with an address, telecom or contact persons also contact details.
      return patient.hasAddress() || patient.hasTelecom() || patient.hasContact()
          ? EnumSet.of(DataCategory.IDENTIFICATION, DataCategory.CONTACT_DETAILS)
          : EnumSet.of(DataCategory.IDENTIFICATION);
    }
    if (resource instanceof QuestionnaireResponse response) {
      String questionnaire = canonicalWithoutVersion(response.getQuestionnaire());
      if (ZORGSIGNAAL.equals(questionnaire)) {
        return EnumSet.of(DataCategory.CONCERN, DataCategory.CONCERN_EXISTENCE);
      }
      // Every part the assessment response holds, so that a denial of any part withholds the response.
      return INSCHATTING.equals(questionnaire) ? EnumSet.of(DataCategory.ASSESSMENT, DataCategory.DELIBERATION,
          DataCategory.ASSESSMENT_FINDINGS, DataCategory.ASSESSMENT_CONCLUSION) : Set.of();
    }
    if (resource instanceof Observation observation) {
      for (Coding coding : observation.getCode().getCoding()) {
        if (ASSESSMENT_FINDING.equals(coding.getSystem())) {
          return EnumSet.of(CONCLUSION_FINDINGS.contains(coding.getCode())
              ? DataCategory.ASSESSMENT_CONCLUSION : DataCategory.ASSESSMENT_FINDINGS);
        }
      }
      return EnumSet.of(DataCategory.TREATMENT);
    }
    String type = resource.fhirType();
    if (MEDICATION.contains(type)) {
      return EnumSet.of(DataCategory.MEDICATION);
    }
    return TREATMENT.contains(type) ? EnumSet.of(DataCategory.TREATMENT) : Set.of();
  }

  private static String canonicalWithoutVersion(String canonical) {
    if (canonical == null) {
      return null;
    }
    int bar = canonical.indexOf('|');
    return bar < 0 ? canonical : canonical.substring(0, bar);
  }
}
