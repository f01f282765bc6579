package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;

/** Our two FHIR packages as the server loaded them from the classpath, in dependency order. */
public record ConformancePackages(ConformancePackage terminology, ConformancePackage profiles) {

  static ConformancePackages fromClasspath(FhirContext ctx) {
    return new ConformancePackages(ConformancePackage.fromClasspath(ctx, "terminology"),
        ConformancePackage.fromClasspath(ctx, "profiles"));
  }

  /** Terminology first: the profiles bind to its value sets. */
  public List<ConformancePackage> inDependencyOrder() {
    return List.of(terminology, profiles);
  }
}
