package nl.sluis.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.dao.ThreadPoolFactory;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import ca.uhn.fhir.jpa.search.reindex.BlockPolicy;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.util.ThreadPoolUtil;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import nl.sluis.server.limits.RequestDatabaseTime;
import nl.sluis.server.limits.RequestTimedTransactionManager;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/** HAPI FHIR JPA (R4) used as a library: storage settings, entity manager and transactions. */
@Configuration
@Import({
  JpaR4Config.class,
  HapiJpaConfig.class,
  JpaBatch2Config.class,
  Batch2JobsConfig.class,
  SubscriptionChannelConfig.class
})
public class HapiJpaConfiguration {

  static final String H2_DIALECT = "ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect";
  static final String POSTGRES_DIALECT = "ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect";

  @Bean
  public JpaStorageSettings storageSettings(FhirServerProperties properties) {
    JpaStorageSettings settings = new JpaStorageSettings();
    // Secure defaults: nothing is ever physically erased, no references to other servers.
    settings.setExpungeEnabled(false);
    settings.setDeleteExpungeEnabled(false);
    settings.setAllowMultipleDelete(false);
    settings.setAllowExternalReferences(false);
    settings.setAutoCreatePlaceholderReferenceTargets(false);
    settings.setEnforceReferentialIntegrityOnWrite(true);
    settings.setEnforceReferentialIntegrityOnDelete(true);
    settings.setIndexMissingFields(StorageSettings.IndexEnabledEnum.DISABLED);
    settings.setAdvancedHSearchIndexing(false);
    settings.setReuseCachedSearchResultsForMillis(properties.getReuseCachedSearchResultsMillis());
    // HAPI's default caches a history's count for a minute and sizes the page by it: an instance history asked for
    // again within that minute of an update missed the new versions (the console's policy history after a save).
    settings.setHistoryCountMode(ca.uhn.fhir.jpa.api.model.HistoryCountModeEnum.COUNT_ACCURATE);
    settings.setDefaultSearchParamsCanBeOverridden(false);
    settings.setEnableTaskBulkExportJobExecution(false);
    settings.setEnableTaskBulkImportJobExecution(false);
    return settings;
  }

  @Bean
  public PartitionSettings partitionSettings() {
    return new PartitionSettings();
  }

  @Bean
  public SubscriptionSettings subscriptionSettings() {
    // No channel types: subscriptions are stored but never delivered (the subscription matcher and
    // delivery configs are not imported) until the disclosure layer decides on deliveries.
    return new SubscriptionSettings();
  }

  @Primary
  @Bean
  public LocalContainerEntityManagerFactoryBean entityManagerFactory(
      DataSource dataSource,
      DataSourceProperties dataSourceProperties,
      ConfigurableListableBeanFactory beanFactory,
      FhirContext fhirContext,
      JpaStorageSettings storageSettings,
      Environment environment) {
    LocalContainerEntityManagerFactoryBean factory =
        HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
    factory.setPersistenceUnitName("HAPI_PU");
    factory.setDataSource(dataSource);
    factory.setJpaProperties(hibernateProperties(environment, dataSourceProperties.determineUrl()));
    return factory;
  }

  /** Every transaction a request opens is bounded by what is left of its database time (503 past it). */
  @Primary
  @Bean
  public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
    return new RequestTimedTransactionManager(entityManagerFactory);
  }

  /**
   * HAPI's pools for work done for one request (a batch's GET entries run on "bundle-batch-" threads): as
   * HAPI's own ThreadPoolFactoryConfig, but each task runs with the database time of the request that handed it
   * over, so that a batch's parallel reads count against that request.
   */
  @Bean
  public ThreadPoolFactory threadPoolFactory() {
    return new ThreadPoolFactory() {
      @Override
      public AsyncTaskExecutor newThreadPool(Integer corePoolSize, Integer maxPoolSize, String threadPrefix) {
        return ThreadPoolUtil.newThreadPool(corePoolSize, maxPoolSize, threadPrefix, 0,
            RequestDatabaseTime::carriedTo, new BlockPolicy());
      }
    };
  }

  /**
   * Hibernate settings from {@code spring.jpa.properties.*}; the dialect follows the JDBC URL unless
   * set explicitly, so that pointing {@code SPRING_DATASOURCE_URL} at PostgreSQL is all it takes.
   */
  static Properties hibernateProperties(Environment environment, String jdbcUrl) {
    Properties properties = new Properties();
    Map<String, String> configured =
        Binder.get(environment)
            .bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
            .orElse(Map.of());
    properties.putAll(configured);
    properties.putIfAbsent("hibernate.dialect", dialectFor(jdbcUrl));
    return properties;
  }

  static String dialectFor(String jdbcUrl) {
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRES_DIALECT;
    }
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
      return H2_DIALECT;
    }
    throw new IllegalStateException(
        "Unsupported database URL (use jdbc:postgresql: or jdbc:h2:), or set spring.jpa.properties.hibernate.dialect: "
            + jdbcUrl);
  }
}
