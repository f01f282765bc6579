package nl.sluis.assessment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * Every concern (a zorgsignaal QuestionnaireResponse) has a stage ({@code sluis-ext-ConcernStatus}), so that "open
 * concerns" is one token search: a concern created without one gets {@code registered}; an update without one
 * keeps the stage it had.
 */
@Interceptor
public final class ConcernStatusDefault {

  public static final String EXTENSION = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-ConcernStatus";
  public static final String SYSTEM = "http://sluis.nl/fhir/CodeSystem/concern-status";
  static final String ZORGSIGNAAL = "http://sluis.nl/fhir/Questionnaire/zorgsignaal";

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    if (resource instanceof QuestionnaireResponse response && isConcern(response)
        && response.getExtensionByUrl(EXTENSION) == null) {
      response.addExtension(EXTENSION, new Coding(SYSTEM, "registered", "Geregistreerd"));
    }
  }

  /** An update that leaves the stage out keeps the stage it had (an app unaware of it must not reopen or lose it). */
  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource updated) {
    if (updated instanceof QuestionnaireResponse response && isConcern(response)
        && response.getExtensionByUrl(EXTENSION) == null) {
      org.hl7.fhir.r4.model.Extension earlier = previous instanceof QuestionnaireResponse before
          ? before.getExtensionByUrl(EXTENSION) : null;
      response.addExtension(EXTENSION, earlier != null && earlier.hasValue() ? earlier.getValue().copy()
          : new Coding(SYSTEM, "registered", "Geregistreerd"));
    }
  }

  static boolean isConcern(QuestionnaireResponse response) {
    String canonical = response.getQuestionnaire();
    return canonical != null && (canonical.equals(ZORGSIGNAAL) || canonical.startsWith(ZORGSIGNAAL + "|"));
  }
}
