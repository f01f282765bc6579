package nl.sluis.server;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.ApacheProxyAddressStrategy;
import ca.uhn.fhir.rest.server.ETagSupportEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.IServerAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The FHIR REST endpoint at {@code /fhir}: JPA resource providers, the system provider (batch,
 * transaction, history), terminology operations, paging from the database, and the CapabilityStatement.
 * GraphQL, bulk export, expunge, the terminology uploader and MCP are deliberately not registered.
 */
@Configuration
public class FhirRestfulServerConfiguration {

  /**
   * Other modules contribute interceptors (authentication, validation, disclosure, audit) as beans of
   * this type. {@code sluis.interceptors.enabled=false} skips them all: the benchmark's HAPI baseline.
   */
  public interface FhirServerCustomizer {
    void customize(RestfulServer server);
  }

  @Bean
  public RestfulServer fhirRestfulServer(
      IFhirSystemDao<?, ?> systemDao,
      ResourceProviderFactory resourceProviderFactory,
      JpaSystemProvider<?, ?> systemProvider,
      ValueSetOperationProvider valueSetOperationProvider,
      DatabaseBackedPagingProvider pagingProvider,
      JpaStorageSettings storageSettings,
      ISearchParamRegistry searchParamRegistry,
      IValidationSupport validationSupport,
      FhirServerProperties properties,
      org.springframework.core.env.Environment environment,
      ObjectProvider<FhirServerCustomizer> customizers,
      @Value("${sluis.interceptors.enabled:true}") boolean sluisInterceptorsEnabled,
      @Value("${sluis.organization.name:}") String publisher,
      ObjectProvider<BuildProperties> buildProperties) {
    refuseFeaturesNotCoveredByDisclosure(properties);
    refuseOtherFhirVersions(properties);
    UnhonouredHapiKeys.warn(environment);
    RestfulServer server = new RestfulServer(systemDao.getContext());
    systemDao.getContext().setNarrativeGenerator(new NullNarrativeGenerator());
    server.registerProviders(resourceProviderFactory.createProviders());
    server.registerProvider(systemProvider);
    server.registerProvider(valueSetOperationProvider);

    JpaCapabilityStatementProvider capabilityStatement =
        new JpaCapabilityStatementProvider(
            server, systemDao, storageSettings, searchParamRegistry, validationSupport);
    capabilityStatement.setImplementationDescription(
        "Sluis: FHIR R4 server for Dutch mental health care (GGZ)");
    server.setServerConformanceProvider(capabilityStatement);
    server.setServerName(CapabilityStatementIdentity.NAME);
    String version = buildProperties.getIfAvailable() == null ? "unknown" : buildProperties.getIfAvailable().getVersion();
    server.setServerVersion(version);
    server.registerInterceptor(new CapabilityStatementIdentity(
        publisher.isBlank() ? CapabilityStatementIdentity.NAME : publisher, version));
    server.registerInterceptor(new FhirRequestMetrics(systemDao.getContext()));
    // Jena is not in the jar: a request for Turtle gets 406/415, not HAPI's failing RDF parser (a 500)
    server.registerInterceptor(new RdfFormatRefusal(systemDao.getContext()));
    server.registerInterceptor(new nl.sluis.server.language.ContentLanguage());

    pagingProvider.setDefaultPageSize(properties.getDefaultPageSize());
    pagingProvider.setMaximumPageSize(properties.getMaxPageSize());
    server.setPagingProvider(pagingProvider);
    server.setDefaultResponseEncoding(EncodingEnum.valueOf(properties.getDefaultEncoding().toUpperCase()));
    server.setDefaultPrettyPrint(properties.isDefaultPrettyPrint());
    server.setETagSupport(
        properties.isEtagSupportEnabled() ? ETagSupportEnum.ENABLED : ETagSupportEnum.DISABLED);
    server.setServerAddressStrategy(addressStrategy(properties));
    corsInterceptor(properties).ifPresent(server::registerInterceptor);
    if (sluisInterceptorsEnabled) {
      server.registerInterceptor(new RequestLoggingInterceptor());
      customizers.orderedStream().forEach(customizer -> customizer.customize(server));
    }
    return server;
  }

  /** {@code http.server.requests} labels FHIR requests by a path template, not "UNKNOWN". */
  /** Bean name {@code warmUpHealthIndicator}: the readiness group's {@code warmUp} (application.yaml). */
  @Bean
  public WarmUpReadiness warmUpHealthIndicator() {
    return new WarmUpReadiness();
  }

  @Bean
  public FhirEndpointWarmUp fhirEndpointWarmUp(WarmUpReadiness warmUps,
      @Value("${server.ssl.enabled:false}") boolean tls) {
    return new FhirEndpointWarmUp(warmUps, tls);
  }

  @Bean
  public FhirUriTemplates fhirUriTemplates(RestfulServer server) {
    return new FhirUriTemplates(server.getFhirContext());
  }

  @Bean
  public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
    ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
    registration.setName("fhir");
    registration.setLoadOnStartup(1);
    return registration;
  }

  private static void refuseFeaturesNotCoveredByDisclosure(FhirServerProperties properties) {
    if (properties.isGraphqlEnabled() || properties.isBulkExportEnabled()) {
      throw new IllegalStateException(
          "hapi.fhir.graphql_enabled and hapi.fhir.bulk_export_enabled must stay false: "
              + "the disclosure layer does not cover GraphQL or bulk export yet");
    }
    if (properties.isExpungeEnabled()) {
      throw new IllegalStateException(
          "hapi.fhir.expunge_enabled must stay false: Sluis never physically erases records (audit, NEN 7513)");
    }
  }

  /** A server configured for R5 that quietly served R4 would store what its clients did not mean. */
  static void refuseOtherFhirVersions(FhirServerProperties properties) {
    if (!"R4".equalsIgnoreCase(properties.getFhirVersion().trim())) {
      throw new IllegalStateException("hapi.fhir.fhir_version=" + properties.getFhirVersion()
          + " is not supported: Sluis is a FHIR R4 server (set R4 or leave the key out)");
    }
  }

  static IServerAddressStrategy addressStrategy(FhirServerProperties properties) {
    if (!properties.getServerAddress().isBlank()) {
      return new HardcodedServerAddressStrategy(properties.getServerAddress());
    }
    if (properties.isUseApacheAddressStrategy()) {
      return properties.isUseApacheAddressStrategyHttps()
          ? ApacheProxyAddressStrategy.forHttps()
          : ApacheProxyAddressStrategy.forHttp();
    }
    return new IncomingRequestAddressStrategy();
  }

  private static java.util.Optional<CorsInterceptor> corsInterceptor(FhirServerProperties properties) {
    List<String> origins = properties.getCors().getAllowedOrigin();
    if (origins.isEmpty()) {
      return java.util.Optional.empty();
    }
    CorsConfiguration config = new CorsConfiguration();
    List.of(
            HttpHeaders.ORIGIN,
            HttpHeaders.ACCEPT,
            HttpHeaders.CONTENT_TYPE,
            HttpHeaders.AUTHORIZATION,
            HttpHeaders.CACHE_CONTROL,
            HttpHeaders.IF_MATCH,
            HttpHeaders.IF_NONE_MATCH,
            "If-None-Exist",
            "Prefer",
            "X-Request-Id")
        .forEach(config::addAllowedHeader);
    origins.forEach(config::addAllowedOriginPattern);
    List.of("Location", "Content-Location", "ETag", "X-Request-Id").forEach(config::addExposedHeader);
    config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"));
    config.setAllowCredentials(properties.getCors().isAllowCredentials());
    return java.util.Optional.of(new CorsInterceptor(config));
  }
}
