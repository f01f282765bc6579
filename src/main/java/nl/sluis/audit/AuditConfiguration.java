package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import nl.sluis.disclosure.DisclosureService;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import nl.sluis.server.FhirServerProperties;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the disclosure audit trail: the group-commit writer, the audit log (the trail's only copy) and its
 * hash chain, the append-only guard (on HAPI's storage interceptor service too, so that it holds for every
 * path), and on the REST server, after the disclosure interceptors (order 20): AuditEvent served from the
 * log in place of HAPI's JPA AuditEvent provider, the audit interceptor, and the privacy officer's and
 * client's views.
 */
@Configuration
public class AuditConfiguration {

  @Bean
  AuditChainHead auditChainHead(DataSource dataSource) {
    // The JdbcTemplate joins the JPA transaction's connection (JpaTransactionManager exposes it).
    AuditChainHead head = new AuditChainHead(new JdbcTemplate(dataSource));
    head.createIfMissing();
    return head;
  }

  @Bean
  AuditLog auditLog(DataSource dataSource, AuditProperties properties, IInterceptorService storageInterceptors) {
    if (properties.getRetention().toTotalMonths() < Period.ofYears(5).toTotalMonths()) {
      throw new IllegalStateException("sluis.audit.retention must be at least P5Y (NEN 7513)");
    }
    AuditLog log = new AuditLog(new JdbcTemplate(dataSource));
    log.createIfMissing();
    storageInterceptors.registerInterceptor(new AppendOnlyGuard());
    return log;
  }

  /** Registered until start-up has checked that HAPI's tables hold no former copy (see {@link #upgrade}). */
  @Bean
  FormerAuditEventCopies formerAuditEventCopies(IInterceptorService storageInterceptors) {
    FormerAuditEventCopies hiding = new FormerAuditEventCopies();
    storageInterceptors.registerInterceptor(hiding);
    return hiding;
  }

  /** The trail's own paged views, declared to the disclosure layer's paging rules. */
  @Bean
  AuditLogViews auditLogViews() {
    return new AuditLogViews();
  }

  @Bean
  AuditChainHash auditChainHash(FhirContext fhir) {
    return new AuditChainHash(fhir);
  }

  /** Once HAPI is fully up: bring an earlier database to the one-copy trail (see {@link AuditLogUpgrade}). */
  @EventListener(ApplicationReadyEvent.class)
  public void upgrade(ApplicationReadyEvent ready) {
    var context = ready.getApplicationContext();
    new AuditLogUpgrade(context.getBean(AuditLog.class), context.getBean(AuditChainHead.class),
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class)), context.getBean(FhirContext.class))
        .run();
    context.getBean(FormerAuditEventCopies.class).decideAtStartUp(context.getBean(IInterceptorService.class),
        new JdbcTemplate(context.getBean(DataSource.class)));
  }

  /**
   * The writer's transactions are plain JDBC ones: a group commit is a few statements on one connection, and
   * the JPA transaction manager would open and flush a Hibernate session around each of them for nothing (a
   * measurable share of an audited read's CPU when every commit carries one request's events).
   */
  @Bean
  public AuditWriter auditWriter(DataSource dataSource, AuditChainHead head, AuditChainHash hash, AuditLog log,
      AuditProperties properties) {
    AuditWriter writer = new AuditWriter(new TransactionTemplate(new DataSourceTransactionManager(dataSource)), head,
        hash, log, properties);
    writer.start();
    return writer;
  }

  @Bean
  AuditChainVerifier auditChainVerifier(AuditChainHash hash, AuditChainHead head, AuditLog log,
      PlatformTransactionManager transactionManager, FhirContext fhir) {
    TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
    readOnly.setReadOnly(true);
    return new AuditChainVerifier(hash, head, log, readOnly, fhir);
  }

  @Bean
  @Order(30)
  public FhirServerCustomizer auditInterceptors(AuditProperties properties, Environment environment, DaoRegistry daos,
      AuditWriter writer, AuditChainVerifier verifier, DisclosureService disclosure, AuditLog log, FhirContext fhir,
      FhirServerProperties server) {
    if (!properties.isEnabled() && !Arrays.asList(environment.getActiveProfiles()).contains("dev")) {
      throw new IllegalStateException("sluis.audit.enabled=false is only allowed with the 'dev' profile");
    }
    AuditAccess access = new AuditAccess(disclosure);
    AuditTrailQuery query = new AuditTrailQuery(log, fhir);
    AuditEventProvider auditEvents = new AuditEventProvider(log, access, daos.getResourceDao(AuditEvent.class), fhir,
        server.getDefaultPageSize(), server.getMaxPageSize());
    return restful -> {
      // AuditEvent from the log, instead of HAPI's JPA provider (whose tables no longer hold events)
      List<IResourceProvider> providers = new ArrayList<>(restful.getResourceProviders());
      providers.removeIf(provider -> provider.getResourceType() == AuditEvent.class);
      providers.add(auditEvents);
      restful.setResourceProviders(providers);
      restful.registerInterceptor(new AppendOnlyGuard());
      restful.registerInterceptor(new AuditEventCapability());
      restful.registerInterceptor(new AuditTrailSearchGuard(access));
      if (properties.isEnabled()) {
        restful.registerInterceptor(new DisclosureAuditInterceptor(new DisclosureAuditEvents(), writer));
      }
      restful.registerProvider(new VerifyAuditChainOperation(verifier, access));
      restful.registerProvider(new DisclosureReportOperation(query, access));
      restful.registerProvider(new DisclosureOverviewOperation(query, access));
    };
  }
}
