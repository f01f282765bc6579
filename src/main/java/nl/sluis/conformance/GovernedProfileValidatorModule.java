package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator, plus the profile {@link GovernedProfiles} implies for the resource when the caller
 * asked for none. A profile requested explicitly (e.g. {@code $validate?profile=}) replaces the implied one;
 * profiles declared in {@code meta.profile} are always checked by the validator itself.
 */
public final class GovernedProfileValidatorModule implements IInstanceValidatorModule {

  private final IInstanceValidatorModule delegate;

  public GovernedProfileValidatorModule(IInstanceValidatorModule delegate) {
    this.delegate = delegate;
  }

  @Override
  public void validateResource(IValidationContext<IBaseResource> context) {
    Optional<String> implied = context.getOptions().getProfiles().isEmpty()
        ? GovernedProfiles.profileFor(context.getResource())
        : Optional.empty();
    if (implied.isEmpty()) {
      delegate.validateResource(context);
      return;
    }
    delegate.validateResource(new WithProfile(context, new ValidationOptions().addProfile(implied.get())));
  }

  /**
   * The caller's context with other options: it shares the caller's message list and its encoded form of the
   * resource. (HAPI's {@code ValidationContext.subContext} would encode the resource again, as XML, which the
   * validator then parses twice: about a quarter of a write's validation time, for the same content.)
   */
  private record WithProfile(IValidationContext<IBaseResource> parent, ValidationOptions options)
      implements IValidationContext<IBaseResource> {

    @Override
    public FhirContext getFhirContext() {
      return parent.getFhirContext();
    }

    @Override
    public IBaseResource getResource() {
      return parent.getResource();
    }

    @Override
    public String getResourceAsString() {
      return parent.getResourceAsString();
    }

    @Override
    public EncodingEnum getResourceAsStringEncoding() {
      return parent.getResourceAsStringEncoding();
    }

    @Override
    public void addValidationMessage(SingleValidationMessage message) {
      parent.addValidationMessage(message);
    }

    @Override
    public List<SingleValidationMessage> getMessages() {
      return parent.getMessages();
    }

    @Override
    public ValidationResult toResult() {
      return parent.toResult();
    }

    @Override
    public ValidationOptions getOptions() {
      return options;
    }
  }
}
