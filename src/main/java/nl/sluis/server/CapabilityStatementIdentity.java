package nl.sluis.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import java.util.Set;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;

/**
 * Says who this server is in its CapabilityStatement: HAPI fills in "RestServer", publisher "Not provided" and
 * its own version. Also drops the operations HAPI's system provider advertises but Sluis never serves
 * ({@code $expunge}: expunge is disabled; {@code $reindex-terminology}: it needs Hibernate Search, which Sluis
 * does not run) and refuses their calls, so discovery promises nothing that answers 405 and nothing unlisted
 * runs. Batches are served (entry by entry, through the same disclosure decision) and listed.
 */
@Interceptor
public class CapabilityStatementIdentity {

  static final String NAME = "Sluis";
  static final String TITLE = "Sluis — FHIR R4 server for Dutch mental health care (GGZ)";
  private static final Set<String> NOT_SERVED = Set.of("expunge", "reindex-terminology");
  private final String publisher;
  private final String version;

  public CapabilityStatementIdentity(String publisher, String version) {
    this.publisher = publisher;
    this.version = version;
  }

  /** An operation discovery does not list is not run either (405), whatever HAPI's providers would do. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
  public void refuseUnserved(RequestDetails request) {
    String operation = request.getOperation();
    if (operation != null && NOT_SERVED.contains(operation.replaceFirst("^\\$", ""))) {
      throw new MethodNotAllowedException(Messages.text("server.operationNotServed", operation));
    }
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
      if (rest.getInteraction().stream().noneMatch(i -> i.getCode() == SystemRestfulInteraction.BATCH)) {
        rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
      }
      rest.getOperation().removeIf(operation -> NOT_SERVED.contains(operation.getName()));
      rest.getResource().forEach(resource ->
          resource.getOperation().removeIf(operation -> NOT_SERVED.contains(operation.getName())));
    }
  }
}
