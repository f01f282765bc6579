package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import java.util.Arrays;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/** Wires disclosure decisions into the FHIR server (after authentication and scopes). */
@Configuration
public class DisclosureConfiguration {

  @Bean
  public DisclosureService disclosureService(DaoRegistry daos, FhirContext fhir, DisclosureProperties properties,
      @Value("${sluis.organization.ura}") String ownUra) {
    return new DisclosureService(daos, fhir, properties, ownUra);
  }

  @Bean
  @Order(20)
  public FhirServerCustomizer disclosureInterceptors(DisclosureService service, DisclosureProperties properties,
      FhirContext fhir,
      @Value("${sluis.organization.ura}") String ownUra, Environment environment) {
    if (!properties.isEnabled() && !Arrays.asList(environment.getActiveProfiles()).contains("dev")) {
      throw new IllegalStateException("sluis.disclosure.enabled=false is only allowed with the 'dev' profile");
    }
    return server -> {
      if (properties.isEnabled()) {
        server.registerInterceptor(new ConsentInterceptor(new DisclosureConsentService(service)));
        server.registerInterceptor(new DisclosureRequestGuard(service));
        server.registerProvider(new ExplainDisclosureOperation(service, ownUra));
        server.registerProvider(new AnonymisedSummaryOperation(service, fhir, properties.getTimeZone()));
      }
    };
  }
}
