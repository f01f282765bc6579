package nl.sluis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * The CapabilityStatement's AuditEvent entry says what {@link AuditEventProvider} serves and nothing more:
 * read, vread and search-type, exactly its search parameters, no includes, no conditional or versioned
 * writes. HAPI's JPA statement would list every search parameter its registry knows for AuditEvent, and
 * other types' {@code _revinclude} of AuditEvent, which come from tables that no longer hold events.
 */
@Interceptor
public class AuditEventCapability {

  private static final String TYPE = "AuditEvent";

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void describe(IBaseConformance capabilityStatement) {
    if (!(capabilityStatement instanceof CapabilityStatement statement)) {
      return;
    }
    for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
      for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
        resource.getSearchRevInclude().removeIf(include -> include.getValue() != null
            && include.getValue().startsWith(TYPE + ":"));
        if (TYPE.equals(resource.getType())) {
          describe(resource);
        }
      }
    }
  }

  private static void describe(CapabilityStatementRestResourceComponent resource) {
    resource.getInteraction().clear();
    resource.addInteraction().setCode(TypeRestfulInteraction.READ);
    resource.addInteraction().setCode(TypeRestfulInteraction.VREAD);
    resource.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
    resource.setVersioning(ResourceVersionPolicy.VERSIONED);
    resource.setReadHistory(false);
    resource.setUpdateCreate(false);
    resource.setConditionalCreate(false);
    resource.setConditionalUpdate(false);
    resource.setConditionalRead(null);
    resource.setConditionalDelete(null);
    resource.getSearchInclude().clear();
    resource.getSearchRevInclude().clear();
    resource.getSearchParam().clear();
    for (String[] parameter : AuditEventProvider.SEARCH_PARAMETERS) {
      resource.addSearchParam().setName(parameter[0]).setType(SearchParamType.fromCode(parameter[1]));
    }
    resource.getOperation().removeIf(operation -> !"validate".equals(operation.getName()));
  }
}
