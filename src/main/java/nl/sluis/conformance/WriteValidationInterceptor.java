package nl.sluis.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Validates every resource just before the JPA layer stores it, and refuses it with <b>422</b> and an
 * OperationOutcome naming every issue. Hooking storage rather than the request means one place covers create,
 * update, the result of a PATCH, conditional create/update and every entry of a batch or transaction; throwing
 * inside the storage transaction rolls it back, so a transaction with one invalid entry stores nothing.
 * (HAPI's {@code RepositoryValidatingInterceptor} answers 412; {@code RequestValidatingInterceptor} sees only
 * the request body, not patch results or transaction entries.)
 *
 * <p>In a transaction the 422 names every invalid entry (index and fullUrl), not only the first one HAPI happened
 * to store; a refused batch entry keeps its issues' {@code expression} (HAPI would answer with the message only).
 */
@Interceptor
public final class WriteValidationInterceptor {

  private final ConformanceValidator validator;

  public WriteValidationInterceptor(ConformanceValidator validator) {
    this.validator = validator;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void beforeCreate(IBaseResource resource, RequestDetails request) {
    check(resource, request);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void beforeUpdate(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    check(updated, request);
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void rememberRequestBundle(RequestDetails request, RestOperationTypeEnum operation) {
    BundleEntryOutcomes.remember(request, operation);
  }

  /** Before SafeErrorInterceptor's batch clean-up (order 0), so that it also sees the restored outcomes. */
  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = -10)
  public boolean restoreBatchEntryOutcomes(RequestDetails request, ResponseDetails response) {
    if (response != null && response.getResponseResource() instanceof Bundle bundle) {
      BundleEntryOutcomes.restore(request, bundle);
    }
    return true;
  }

  private void check(IBaseResource resource, RequestDetails request) {
    ValidationResult result = validator.validate(resource);
    if (!ConformanceValidator.hasErrors(result)) {
      return;
    }
    OperationOutcome outcome = validator.toOperationOutcome(resource, result.getMessages());
    Bundle bundle = BundleEntryOutcomes.requestBundle(request);
    int index = bundle == null ? -1 : BundleEntryOutcomes.indexOf(bundle, resource);
    if (bundle != null && bundle.getType() == Bundle.BundleType.BATCH && index >= 0) {
      BundleEntryOutcomes.rememberBatchEntry(request, index, outcome);
    } else if (bundle != null && bundle.getType() == Bundle.BundleType.TRANSACTION) {
      outcome = everyInvalidEntry(bundle, index, outcome);
    }
    throw new UnprocessableEntityException(validator.context(), outcome);
  }

  /**
   * The transaction fails on this entry and will store nothing; validate its other entries too (only now, so a
   * valid transaction pays nothing extra) and name every invalid one. A resource that is no entry's own (a PATCH
   * result) is reported as it is when no entry is invalid by itself.
   */
  private OperationOutcome everyInvalidEntry(Bundle bundle, int failedIndex, OperationOutcome failed) {
    OperationOutcome all = new OperationOutcome();
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
      if (i == failedIndex) {
        BundleEntryOutcomes.addAsEntryIssues(all, bundle, i, failed);
      } else if (entry.getResource() != null && entry.getRequest().getMethod() != null
          && (entry.getRequest().getMethod() == Bundle.HTTPVerb.POST
              || entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT)) {
        ValidationResult other = validator.validate(entry.getResource());
        if (ConformanceValidator.hasErrors(other)) {
          BundleEntryOutcomes.addAsEntryIssues(all, bundle, i,
              validator.toOperationOutcome(entry.getResource(), other.getMessages()));
        }
      }
    }
    if (failedIndex < 0 && all.getIssue().isEmpty()) {
      // not an entry's own resource (e.g. a PATCH result) and no entry invalid by itself: report it as it is
      failed.getIssue().forEach(all::addIssue);
    }
    return all;
  }
}
