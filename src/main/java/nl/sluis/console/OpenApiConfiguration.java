package nl.sluis.console;

import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * HAPI's OpenAPI description of the FHIR API ({@code /fhir/api-docs}) and its Swagger UI ({@code /fhir/swagger-ui/}):
 * generated from the CapabilityStatement, so it says what {@code /fhir/metadata} says and holds no data. Resource
 * pages are off: they would show a count of stored resources per type. Trying a request out needs a bearer token
 * like any other request.
 */
@Configuration
public class OpenApiConfiguration {

  @Bean
  @Order(0)
  public FhirServerCustomizer openApi() {
    return server -> {
      OpenApiInterceptor openApi = new OpenApiInterceptor();
      openApi.setUseResourcePages(false);
      server.registerInterceptor(openApi);
    };
  }
}
