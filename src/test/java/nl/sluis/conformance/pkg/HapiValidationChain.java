package nl.sluis.conformance.pkg;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import nl.sluis.conformance.ConformancePackage;
import nl.sluis.conformance.ValidationChainFactory;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The validation chain the server is meant to use, built from the two package folders: core R4 definitions,
 * our profiles and terminology (pre-populated), snapshots generated from the differentials, in-memory
 * terminology for our complete code systems and the common ones, and a warning (not an error) for code systems
 * that cannot be checked offline (UZI role codes, LOINC, SNOMED CT, ...).
 */
final class HapiValidationChain {

  private final FhirContext ctx;
  private final FhirValidator validator;

  private HapiValidationChain(FhirContext ctx, FhirValidator validator) {
    this.ctx = ctx;
    this.validator = validator;
  }

  /** The server's chain ({@link ValidationChainFactory}), built from the folders instead of the classpath. */
  static HapiValidationChain fromFolders(Path terminology, Path profiles) {
    FhirContext ctx = FhirContext.forR4Cached();
    List<ConformancePackage> packages =
        List.of(ConformancePackage.fromFolder(ctx, terminology), ConformancePackage.fromFolder(ctx, profiles));
    // The server resolves Questionnaires from its store (the installer stores the package's); here they come
    // from the folder, so that QuestionnaireResponses are checked against them as on the server.
    ValidationSupportChain chain = ValidationChainFactory.build(ctx, new DefaultProfileValidationSupport(ctx), packages,
        QuestionnaireValidationSupport.fromFolder(ctx, profiles));
    FhirValidator validator = ctx.newValidator().registerValidatorModule(ValidationChainFactory.instanceValidator(chain));
    return new HapiValidationChain(ctx, validator);
  }

  FhirContext context() {
    return ctx;
  }

  List<SingleValidationMessage> validate(String json, String profile) {
    IBaseResource resource = ctx.newJsonParser().parseResource(json);
    ValidationOptions options = new ValidationOptions();
    if (profile != null) {
      options.addProfile(profile);
    }
    ValidationResult result = validator.validateWithResult(resource, options);
    return result.getMessages();
  }

  static List<SingleValidationMessage> errors(List<SingleValidationMessage> messages) {
    return messages.stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .collect(Collectors.toList());
  }

  static String describe(List<SingleValidationMessage> messages) {
    return messages.stream()
        .map(m -> "  " + m.getSeverity() + " @ " + m.getLocationString() + ": " + m.getMessage())
        .collect(Collectors.joining("\n"));
  }
}
