package nl.sluis.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates every resource just before the JPA layer stores it, and refuses it with <b>422</b> and an
 * OperationOutcome naming every issue. Hooking storage rather than the request means one place covers create,
 * update, the result of a PATCH, conditional create/update and every entry of a batch or transaction; throwing
 * inside the storage transaction rolls it back, so a transaction with one invalid entry stores nothing.
 * (HAPI's {@code RepositoryValidatingInterceptor} answers 412; {@code RequestValidatingInterceptor} sees only
 * the request body, not patch results or transaction entries.)
 */
@Interceptor
public final class WriteValidationInterceptor {

  private final ConformanceValidator validator;

  public WriteValidationInterceptor(ConformanceValidator validator) {
    this.validator = validator;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void beforeCreate(IBaseResource resource) {
    check(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void beforeUpdate(IBaseResource previous, IBaseResource updated) {
    check(updated);
  }

  private void check(IBaseResource resource) {
    ValidationResult result = validator.validate(resource);
    if (ConformanceValidator.hasErrors(result)) {
      throw new UnprocessableEntityException(validator.context(),
          validator.toOperationOutcome(resource, result.getMessages()));
    }
  }
}
