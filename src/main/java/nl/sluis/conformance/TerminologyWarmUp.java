package nl.sluis.conformance;

import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDaoValueSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ValueSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands each of our ValueSets once at start-up, through the DAO that {@code ValueSet/$expand} uses. The first
 * expansions after a start initialise HAPI's terminology services and caches: measured with 10,000 clients, the
 * console's first sign-in (four expansions) waited 3.3 s for them. An expansion that fails is logged, not fatal: the
 * same request then answers its own error.
 */
final class TerminologyWarmUp {

  private static final Logger log = LoggerFactory.getLogger(TerminologyWarmUp.class);

  private TerminologyWarmUp() {}

  @SuppressWarnings("unchecked")
  static void run(DaoRegistry daos, ConformancePackages packages) {
    long start = System.nanoTime();
    IFhirResourceDaoValueSet<ValueSet> valueSets = (IFhirResourceDaoValueSet<ValueSet>) daos.getResourceDao(
        ValueSet.class);
    int expanded = 0;
    int failed = 0;
    for (IBaseResource resource : packages.terminology().resourcesOfType("ValueSet")) {
      try {
        valueSets.expandByIdentifier(((ValueSet) resource).getUrl(), ValueSetExpansionOptions.forOffsetAndCount(0,
            1000));
        expanded++;
      } catch (RuntimeException e) {
        failed++;
        log.debug("Warm-up expansion of {} failed: {}", ((ValueSet) resource).getUrl(), e.toString());
      }
    }
    log.info("Terminology warmed: {} value sets expanded ({} failed) in {} ms", expanded, failed,
        (System.nanoTime() - start) / 1_000_000);
  }
}
