package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Builds the offline validation support chain: core R4 definitions, our packages (pre-populated, in memory),
 * snapshots generated from our differentials, in-memory terminology for our complete code systems and the
 * common ones (UCUM, languages, mime types, ...), and a <em>warning</em> instead of an error for code systems
 * nobody here can check offline (SNOMED CT, LOINC, UZI role codes, the nl-core role list, Nictiz organisation
 * types). The chain caches lookups and expansions: that is what keeps validated writes affordable.
 */
public final class ValidationChainFactory {

  private ValidationChainFactory() {}

  /**
   * @param core the R4 base definitions (share the server's instance: loading them costs seconds)
   * @param packages our packages, in dependency order
   * @param moreConformanceResources consulted after ours, e.g. profiles and Questionnaires stored in the server
   */
  public static ValidationSupportChain build(FhirContext ctx, DefaultProfileValidationSupport core,
      List<ConformancePackage> packages, IValidationSupport... moreConformanceResources) {
    PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(ctx);
    packages.forEach(p -> p.resources().forEach(r -> add(ours, r)));
    UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(ctx);
    unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);

    List<IValidationSupport> supports = new ArrayList<>();
    supports.add(core);
    supports.add(ours);
    supports.addAll(List.of(moreConformanceResources));
    supports.add(new SnapshotGeneratingValidationSupport(ctx));
    supports.add(new InMemoryTerminologyServerValidationSupport(ctx));
    supports.add(new CommonCodeSystemsTerminologyService(ctx));
    supports.add(unknownCodeSystems);
    return new ValidationSupportChain(ValidationSupportChain.CacheConfiguration.defaultValues(), supports);
  }

  /**
   * HAPI's instance validator over a chain, with the settings Sluis uses everywhere (reusing the HL7 validator
   * behind it: {@link ReusingInstanceValidator}).
   */
  public static FhirInstanceValidator instanceValidator(ValidationSupportChain chain) {
    FhirInstanceValidator validator = new ReusingInstanceValidator(chain);
    // its messages in the request's language (Accept-Language), from one worker context for every language
    validator.setWrappedWorkerContext(chain, new AnswerLanguageWorkerContext(chain));
    // Extensions must be defined (ours or core): an unknown extension is an error, not silently stored.
    validator.setAnyExtensionsAllowed(false);
    // A meta.profile we do not hold (e.g. nl-core-Patient: the nl-core package is not shipped) is a warning: the
    // resource is still checked against the Sluis profile its type implies and against every profile we hold.
    validator.setErrorForUnknownProfiles(false);
    return validator;
  }

  private static void add(PrePopulatedValidationSupport target, IBaseResource r) {
    switch (r.fhirType()) {
      case "StructureDefinition" -> target.addStructureDefinition(r);
      case "CodeSystem" -> target.addCodeSystem(r);
      case "ValueSet" -> target.addValueSet(r);
      case "SearchParameter" -> target.addSearchParameter(r);
      default -> target.addResource(r); // e.g. Questionnaires, so that responses are checked against them
    }
  }
}
