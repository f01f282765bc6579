package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.config.JpaConfig;
import ca.uhn.fhir.jpa.term.TermReadSvcImpl;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import nl.sluis.server.FhirServerProperties;
import nl.sluis.server.WarmUpReadiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Conformance: our FHIR packages loaded from the classpath (and the extra ones configured in
 * {@code hapi.fhir.implementationguides}), installed into storage at start-up, one offline
 * validation chain used for every write and for {@code $validate}, and the profiles in the CapabilityStatement.
 */
@Configuration
public class ConformanceConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ConformanceConfiguration.class);
  /** The bean name HAPI's DAOs inject for {@code $validate} (ValidationSupportConfig). */
  static final String HAPI_INSTANCE_VALIDATOR = "myInstanceValidator";

  /**
   * HAPI 8.8 ignores every stored SearchParameter — ours included — unless built-in search parameters may be
   * overridden. Turn that on here, before HAPI's search parameter registry first reads the settings, and
   * refuse redefinitions of built-ins through the API instead ({@link SearchParameterGuard}).
   */
  @Bean
  public static BeanPostProcessor storedSearchParametersActive() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof JpaStorageSettings settings) {
          settings.setDefaultSearchParamsCanBeOverridden(true);
        }
        return bean;
      }
    };
  }

  /**
   * HAPI's {@code $validate} runs the module registered as {@code myInstanceValidator}; replace it with one that
   * delegates to the write validator, so that {@code $validate} answers exactly what a write would.
   */
  @Bean
  public static BeanPostProcessor validateOperationAsWrite(ObjectProvider<ConformanceValidator> writeValidator) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        return HAPI_INSTANCE_VALIDATOR.equals(beanName) && bean instanceof IInstanceValidatorModule
            ? new WriteEquivalentValidatorModule(writeValidator)
            : bean;
      }
    };
  }

  @Bean
  public ConformancePackages conformancePackages(FhirContext fhirContext) {
    return ConformancePackages.fromClasspath(fhirContext);
  }

  /** The extra packages of {@code hapi.fhir.implementationguides} (e.g. nl-core), read once at start-up. */
  @Bean
  public ConfiguredGuides configuredGuides(FhirContext fhirContext, FhirServerProperties properties,
      ConformancePackages packages) {
    return ConfiguredGuides.read(fhirContext, properties.getImplementationguides(), packages);
  }

  /**
   * The write-path validator. Its chain also consults conformance resources stored in the server (after ours),
   * so that {@code $validate?profile=} works for any stored profile and responses are checked against stored
   * Questionnaires.
   */
  @Bean
  public ConformanceValidator conformanceValidator(FhirContext fhirContext,
      @Qualifier(JpaConfig.DEFAULT_PROFILE_VALIDATION_SUPPORT) DefaultProfileValidationSupport core,
      @Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT) IValidationSupport storedConformanceResources,
      ConformancePackages packages, ConfiguredGuides guides) {
    // Ours first: where a configured package defines the same canonical, ours is the one used.
    List<ConformancePackage> all = new ArrayList<>(packages.inDependencyOrder());
    all.addAll(guides.contents());
    return new ConformanceValidator(fhirContext, ValidationChainFactory.build(fhirContext, core, all,
        storedConformanceResources));
  }

  @Bean
  public PackageInstaller packageInstaller(DaoRegistry daoRegistry, DataSource dataSource,
      ITermDeferredStorageSvc deferredTerminology, ISearchParamRegistry searchParamRegistry) {
    return new PackageInstaller(daoRegistry, new InstalledPackages(dataSource), deferredTerminology,
        searchParamRegistry);
  }

  @Bean
  @Order(20)
  public FhirServerCustomizer conformanceInterceptors(ConformanceProperties properties,
      ConformancePackages packages, ConfiguredGuides guides, ConformanceValidator validator) {
    return server -> {
      server.registerInterceptor(new SupportedProfilesInterceptor(packages.inDependencyOrder()));
      server.registerInterceptor(new ImplementationGuidesInterceptor(guides));
      server.registerInterceptor(new SearchParameterGuard(server.getFhirContext()));
      if (properties.isValidateWrites()) {
        server.registerInterceptor(new WriteValidationInterceptor(validator));
      } else {
        log.warn("sluis.conformance.validate-writes=false: writes are NOT validated (benchmark baseline only)");
      }
    };
  }

  /**
   * At start-up, before the server reports ready: install changed packages and warm the chain.
   */
  @Bean
  public ApplicationRunner conformanceStartup(ConformanceProperties properties, ConformancePackages packages,
      ConfiguredGuides guides, PackageInstaller installer, ConformanceValidator validator,
      @Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT_CHAIN) IValidationSupport jpaChain,
      FhirContext fhirContext, ca.uhn.fhir.jpa.api.dao.DaoRegistry daos, WarmUpReadiness warmUps) {
    return args -> {
      // Sluis runs without Hibernate Search, but HAPI 8.8 always defines its full-text bean and then expands
      // value sets through Hibernate Search ("HSEARCH800001: Hibernate Search was not initialized", see
      // hapi-fhir-jpaserver-starter#734). This switch makes HAPI expand from its terminology tables instead.
      TermReadSvcImpl.setForceDisableHibernateSearchForUnitTest(true);
      // The warm-up is CPU-bound and the install mostly waits for the database: run them side by side.
      CompletableFuture<Void> warmUp = properties.isWarmUp()
          ? CompletableFuture.runAsync(() -> ValidationWarmUp.run(fhirContext, validator.fhirValidator(), packages))
          : CompletableFuture.completedFuture(null);
      List<ConformancePackage> toInstall = new ArrayList<>(packages.inDependencyOrder());
      toInstall.addAll(guides.contents());
      if (properties.isInstallPackages() && installer.installChanged(toInstall) > 0) {
        // HAPI's chain (terminology operations) may have cached "not found" for what is stored now. Ours is
        // not flushed: it finds our packages in memory first, and flushing would undo the warm-up.
        jpaChain.invalidateCaches();
      }
      warmUp.join();
      if (properties.isWarmUp()) {
        // in the background (≈ 2–10 s): start-up need not wait for it, readiness does
        warmUps.runInBackground("terminology", () -> TerminologyWarmUp.run(daos, packages));
      }
    };
  }
}
