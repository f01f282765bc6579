package nl.sluis.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/** Lists the configured extra packages in {@code CapabilityStatement.implementationGuide}. */
@Interceptor
public final class ImplementationGuidesInterceptor {

  private final List<String> canonicals;

  public ImplementationGuidesInterceptor(ConfiguredGuides guides) {
    this.canonicals = guides.guides().stream().map(ConfiguredGuide::canonical).toList();
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void listGuides(IBaseConformance statement) {
    if (statement instanceof CapabilityStatement cs) {
      canonicals.stream().filter(c -> cs.getImplementationGuide().stream().noneMatch(g -> c.equals(g.getValue())))
          .forEach(cs::addImplementationGuide);
    }
  }
}
