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
    ValidationOptions options = new ValidationOptions().addProfile(implied.get());
    delegate.validateResource(new AsJson(context, context.getResource(), options));
  }

  /**
   * The caller's context (its message list) for the resource being validated, encoded as JSON from that very
   * object. HAPI's {@code ValidationContext.subContext} encodes it as XML, which the validator then parses with XML
   * parser factories made per call: about a quarter of a write's validation CPU (JFR, session 14). Always the resource
   * object itself, never an encoded form the caller's context may hold (a PATCH body, a {@code $validate} text): a
   * shortcut that reused that form once let a patched Patient escape its profile (reverted in 706fea0).
   */
  private static final class AsJson implements IValidationContext<IBaseResource> {
    private final IValidationContext<IBaseResource> parent;
    private final IBaseResource resource;
    private final ValidationOptions options;
    private String encoded;

    AsJson(IValidationContext<IBaseResource> parent, IBaseResource resource, ValidationOptions options) {
      this.parent = parent;
      this.resource = resource;
      this.options = options;
    }

    @Override
    public FhirContext getFhirContext() {
      return parent.getFhirContext();
    }

    @Override
    public IBaseResource getResource() {
      return resource;
    }

    @Override
    public String getResourceAsString() {
      if (encoded == null) {
        encoded = parent.getFhirContext().newJsonParser().encodeResourceToString(resource);
      }
      return encoded;
    }

    @Override
    public EncodingEnum getResourceAsStringEncoding() {
      return EncodingEnum.JSON;
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
