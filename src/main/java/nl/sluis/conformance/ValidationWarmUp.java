package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationOptions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates an empty instance against each of our resource profiles once, at start-up. That loads the R4 base
 * definitions, generates the snapshots of our differentials and compiles their FHIRPath invariants into the
 * chain's caches — seconds that would otherwise be paid by the first writes. The results are thrown away
 * (an empty instance is of course invalid).
 */
final class ValidationWarmUp {

  private static final Logger log = LoggerFactory.getLogger(ValidationWarmUp.class);

  private ValidationWarmUp() {}

  static void run(FhirContext ctx, FhirValidator validator, ConformancePackages packages) {
    long start = System.nanoTime();
    int count = 0;
    for (IBaseResource r : packages.profiles().resourcesOfType("StructureDefinition")) {
      StructureDefinition sd = (StructureDefinition) r;
      if (sd.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE) {
        continue;
      }
      IBaseResource empty = ctx.getResourceDefinition(sd.getType()).newInstance();
      validator.validateWithResult(empty, new ValidationOptions().addProfile(sd.getUrl()));
      count++;
    }
    log.info("Validation chain warmed with {} profiles in {} ms", count, (System.nanoTime() - start) / 1_000_000);
  }
}
