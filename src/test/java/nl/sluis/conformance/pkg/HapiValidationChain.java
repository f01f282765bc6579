package nl.sluis.conformance.pkg;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The validation chain the server is meant to use, built from the two package folders: core R4 definitions,
 * our profiles and terminology (pre-populated), snapshots generated from the differentials, in-memory
 * terminology for our complete code systems and the common ones, and a warning (not an error) for code systems
 * that cannot be checked offline (UZI role codes, LOINC, SNOMED CT, ...).
 */
final class HapiValidationChain {

  private final FhirContext ctx;
  private final FhirValidator validator;
  private final PrePopulatedValidationSupport ours;

  private HapiValidationChain(FhirContext ctx, FhirValidator validator, PrePopulatedValidationSupport ours) {
    this.ctx = ctx;
    this.validator = validator;
    this.ours = ours;
  }

  static HapiValidationChain fromFolders(Path terminology, Path profiles) {
    FhirContext ctx = FhirContext.forR4Cached();
    PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(ctx);
    loadFolder(ctx, terminology, ours);
    loadFolder(ctx, profiles, ours);
    UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(ctx);
    unknownCodeSystems.setNonExistentCodeSystemSeverity(ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity.WARNING);
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(ctx),
        ours,
        new SnapshotGeneratingValidationSupport(ctx),
        new InMemoryTerminologyServerValidationSupport(ctx),
        new CommonCodeSystemsTerminologyService(ctx),
        unknownCodeSystems);
    FhirInstanceValidator module = new FhirInstanceValidator(chain);
    module.setAnyExtensionsAllowed(false);
    FhirValidator validator = ctx.newValidator().registerValidatorModule(module);
    return new HapiValidationChain(ctx, validator, ours);
  }

  /** Loads the conformance resources at the root of a package folder (not its examples). */
  static void loadFolder(FhirContext ctx, Path folder, PrePopulatedValidationSupport target) {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.equals("package.json") || name.startsWith(".")) {
          continue;
        }
        IBaseResource r = ctx.newJsonParser().parseResource(Files.readString(file));
        if (r instanceof StructureDefinition sd) {
          target.addStructureDefinition(sd);
        } else if (r instanceof CodeSystem cs) {
          target.addCodeSystem(cs);
        } else if (r instanceof ValueSet vs) {
          target.addValueSet(vs);
        } else if (r instanceof SearchParameter sp) {
          target.addSearchParameter(sp);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  FhirContext context() {
    return ctx;
  }

  PrePopulatedValidationSupport ours() {
    return ours;
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
