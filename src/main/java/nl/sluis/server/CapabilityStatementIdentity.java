package nl.sluis.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Says who this server is in its CapabilityStatement: HAPI fills in "RestServer", publisher "Not provided" and
 * its own version. Also drops the operations HAPI's system provider advertises but Sluis never serves
 * ({@code $expunge}: expunge is disabled, a call is refused), so discovery promises nothing that answers 405.
 */
@Interceptor
public class CapabilityStatementIdentity {

  static final String NAME = "Sluis";
  static final String TITLE = "Sluis — FHIR R4 server for Dutch mental health care (GGZ)";
  private static final Set<String> NOT_SERVED = Set.of("expunge");
  private final String publisher;
  private final String version;

  public CapabilityStatementIdentity(String publisher, String version) {
    this.publisher = publisher;
    this.version = version;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void identify(IBaseConformance statement) {
    if (!(statement instanceof CapabilityStatement capabilities)) {
      return;
    }
    capabilities.setName(NAME);
    capabilities.setTitle(TITLE);
    capabilities.setPublisher(publisher);
    capabilities.getSoftware().setName(NAME).setVersion(version);
    for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
      rest.getOperation().removeIf(operation -> NOT_SERVED.contains(operation.getName()));
      rest.getResource().forEach(resource ->
          resource.getOperation().removeIf(operation -> NOT_SERVED.contains(operation.getName())));
    }
  }
}
