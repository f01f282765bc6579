package nl.sluis.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/** Says in the CapabilityStatement what /.well-known/smart-configuration says: a SMART-on-FHIR service. */
@Interceptor
public class CapabilityStatementSecurity {

  private final IdentityProvider provider;

  public CapabilityStatementSecurity(IdentityProvider provider) {
    this.provider = provider;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void describeSecurity(IBaseConformance capabilityStatement) {
    if (!(capabilityStatement instanceof CapabilityStatement statement)) {
      return;
    }
    for (CapabilityStatementRestComponent rest : statement.getRest()) {
      CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
      security.setCors(false);
      security.setService(java.util.List.of(new CodeableConcept().addCoding(
          new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/restful-security-service",
              "SMART-on-FHIR", "SMART-on-FHIR"))));
      security.setDescription("OAuth2 bearer tokens (JWT, RS256/ES256) from the configured issuer; "
          + "SMART v2 scopes; requester attributes per the HL7 UDAP B2B extension. See "
          + ".well-known/smart-configuration.");
      Extension oauth = new Extension("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
      if (provider.tokenEndpoint() != null) {
        oauth.addExtension("token", new UriType(provider.tokenEndpoint()));
      }
      if (provider.authorizationEndpoint() != null) {
        oauth.addExtension("authorize", new UriType(provider.authorizationEndpoint()));
      }
      if (oauth.hasExtension()) {
        security.addExtension(oauth);
      }
    }
  }
}
