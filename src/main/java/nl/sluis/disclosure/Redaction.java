package nl.sluis.disclosure;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Removes free text from a copy of a resource: the narrative, notes, string values and string answers.
 * Used for REDACT_FREE_TEXT (e.g. what parents of a 12-15 year old may see) and minimum necessary.
 */
final class Redaction {

  IBaseResource withoutFreeText(IBaseResource original) {
    Resource copy = ((Resource) original).copy();
    if (copy instanceof DomainResource domain) {
      domain.setText(null);
    }
    if (copy instanceof Observation observation) {
      observation.getNote().clear();
      if (observation.getValue() instanceof StringType) {
        observation.setValue(null);
      }
      observation.getComponent().forEach(c -> {
        if (c.getValue() instanceof StringType) {
          c.setValue(null);
        }
      });
    }
    if (copy instanceof QuestionnaireResponse response) {
      response.getItem().forEach(Redaction::redact);
    }
    return copy;
  }

  private static void redact(QuestionnaireResponse.QuestionnaireResponseItemComponent item) {
    item.getAnswer().removeIf(answer -> answer.getValue() instanceof StringType
        || answer.getValue() instanceof org.hl7.fhir.r4.model.Attachment);
    item.getAnswer().forEach(answer -> answer.getItem().forEach(Redaction::redact));
    item.getItem().forEach(Redaction::redact);
  }
}
