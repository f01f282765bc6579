package nl.sluis.conformance;

import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Takes the place of HAPI's {@code myInstanceValidator}, the module its {@code $validate} (type and instance level,
 * every mode) runs, and hands the work to the very module every write is validated with: same chain, same implied
 * Sluis profile, same settings. Before, {@code $validate} without {@code profile=} skipped the implied profile and
 * passed what a create then refused. Resolved lazily: the write validator is built after HAPI's DAOs.
 */
final class WriteEquivalentValidatorModule implements IInstanceValidatorModule {

  private final ObjectProvider<ConformanceValidator> writeValidator;

  WriteEquivalentValidatorModule(ObjectProvider<ConformanceValidator> writeValidator) {
    this.writeValidator = writeValidator;
  }

  @Override
  public void validateResource(IValidationContext<IBaseResource> context) {
    writeValidator.getObject().module().validateResource(context);
  }
}
