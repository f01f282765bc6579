package nl.sluis.conformance;

import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.ValidationContext;
import ca.uhn.fhir.validation.ValidationOptions;
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
    ValidationOptions options = new ValidationOptions().addProfile(implied.get());
    // The sub-context shares the caller's message list and its encoded form of the resource.
    delegate.validateResource(ValidationContext.subContext(context, context.getResource(), options));
  }
}
