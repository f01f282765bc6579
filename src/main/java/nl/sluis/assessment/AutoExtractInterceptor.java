package nl.sluis.assessment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;

/**
 * Automatic extraction: when a {@code completed} or {@code amended} QuestionnaireResponse is created or updated,
 * its findings are stored as Observations <b>in the same database transaction</b>, just before it commits
 * (HAPI's pre-commit hook): if extraction fails the response is not stored either (422). An update replaces the
 * findings of the earlier version ({@link FindingStore}); a response set to {@code entered-in-error} retracts its
 * findings. Responses in progress or stopped are left alone.
 */
@Interceptor
public final class AutoExtractInterceptor {

  private final FindingExtraction extraction;

  AutoExtractInterceptor(FindingExtraction extraction) {
    this.extraction = extraction;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    extract(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource updated) {
    extract(updated);
  }

  private void extract(IBaseResource resource) {
    if (!(resource instanceof QuestionnaireResponse response) || !response.hasStatus()) {
      return;
    }
    QuestionnaireResponseStatus status = response.getStatus();
    boolean current = status == QuestionnaireResponseStatus.COMPLETED || status == QuestionnaireResponseStatus.AMENDED;
    boolean retracted = status == QuestionnaireResponseStatus.ENTEREDINERROR;
    if (current || retracted) {
      String reference = "QuestionnaireResponse/" + response.getIdElement().getIdPart();
      extraction.store(response, reference, retracted);
    }
  }
}
