package nl.sluis.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Lists our resource profiles in the CapabilityStatement ({@code rest.resource.supportedProfile}), from the
 * packages the server loaded, so the statement says the same whatever HAPI found in its database.
 */
@Interceptor
public final class SupportedProfilesInterceptor {

  private final Map<String, TreeSet<String>> profilesByType = new TreeMap<>();

  public SupportedProfilesInterceptor(List<ConformancePackage> packages) {
    packages.stream().flatMap(p -> p.resourcesOfType("StructureDefinition").stream())
        .map(StructureDefinition.class::cast)
        .filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
        .forEach(sd -> profilesByType.computeIfAbsent(sd.getType(), t -> new TreeSet<>()).add(sd.getUrl()));
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void addSupportedProfiles(IBaseConformance statement) {
    if (!(statement instanceof CapabilityStatement cs)) {
      return;
    }
    for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
      for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
        for (String url : profilesByType.getOrDefault(resource.getType(), new TreeSet<>())) {
          if (resource.getSupportedProfile().stream().noneMatch(p -> url.equals(p.getValue()))) {
            resource.getSupportedProfile().add(new CanonicalType(url));
          }
        }
      }
    }
  }

  Map<String, TreeSet<String>> profilesByType() {
    return profilesByType;
  }
}
