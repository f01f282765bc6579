package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import java.time.Period;
import java.util.Arrays;
import javax.sql.DataSource;
import nl.sluis.disclosure.DisclosureService;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import nl.sluis.server.ReferenceTargets;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the disclosure audit trail: the group-commit writer, the audit log and its hash chain, the
 * materialiser that turns logged events into searchable AuditEvent resources, the append-only guard (on
 * HAPI's storage interceptor service, so that it holds for every path), and on the REST server, after the
 * disclosure interceptors (order 20), the audit interceptor, the read-your-writes drain and the privacy
 * officer's and client's views.
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
  AuditLog auditLog(DataSource dataSource, DataSourceProperties dataSourceProperties) {
    String url = dataSourceProperties.determineUrl();
    AuditLog log = new AuditLog(new JdbcTemplate(dataSource), url != null && url.startsWith("jdbc:postgresql:"));
    log.createIfMissing();
    return log;
  }

  @Bean
  AuditChainHash auditChainHash(FhirContext fhir) {
    return new AuditChainHash(fhir);
  }

  @Bean
  AuditMaterialiser auditMaterialiser(AuditLog log, AuditChainHead head, DaoRegistry daos,
      PlatformTransactionManager transactionManager, FhirContext fhir, IInterceptorService storageInterceptors,
      IIdHelperService<?> ids, AuditProperties properties) {
    if (properties.getRetention().toTotalMonths() < Period.ofYears(5).toTotalMonths()) {
      throw new IllegalStateException("sluis.audit.retention must be at least P5Y (NEN 7513)");
    }
    IFhirResourceDao<AuditEvent> dao = daos.getResourceDao(AuditEvent.class);
    TransactionTemplate transactions = new TransactionTemplate(transactionManager);
    AuditMaterialiser materialiser = new AuditMaterialiser(log, head, dao, transactions, fhir,
        new ReferenceTargets(fhir, ids), properties, new CpuBusy(properties.getMaterialiseBusyCpu()));
    storageInterceptors.registerInterceptor(new AppendOnlyGuard(materialiser));
    return materialiser;
  }

  /** Once HAPI is fully up: the one-time copy of an earlier chain, then background materialisation. */
  @EventListener(ApplicationReadyEvent.class)
  public void startMaterialiser(ApplicationReadyEvent ready) {
    var context = ready.getApplicationContext();
    AuditMaterialiser materialiser = context.getBean(AuditMaterialiser.class);
    new AuditLogUpgrade(context.getBean(AuditLog.class), context.getBean(AuditChainHead.class),
        context.getBean(DaoRegistry.class).getResourceDao(AuditEvent.class),
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class)), context.getBean(FhirContext.class))
        .importEarlierChain();
    context.getBean(AuditLog.class).fillIndexColumns(context.getBean(FhirContext.class).newJsonParser());
    materialiser.start();
  }

  @Bean
  public AuditWriter auditWriter(PlatformTransactionManager transactionManager, AuditChainHead head,
      AuditChainHash hash, AuditLog log, FhirContext fhir, AuditMaterialiser materialiser,
      AuditProperties properties) {
    AuditWriter writer = new AuditWriter(new TransactionTemplate(transactionManager), head, hash, log, fhir,
        materialiser::committed, properties);
    writer.start();
    return writer;
  }

  @Bean
  AuditChainVerifier auditChainVerifier(DaoRegistry daos, AuditChainHash hash, AuditLog log,
      AuditMaterialiser materialiser, FhirContext fhir) {
    return new AuditChainVerifier(daos.getResourceDao(AuditEvent.class), hash, log, materialiser, fhir);
  }

  @Bean
  @Order(30)
  public FhirServerCustomizer auditInterceptors(AuditProperties properties, Environment environment, DaoRegistry daos,
      AuditWriter writer, AuditMaterialiser materialiser, AuditChainVerifier verifier, DisclosureService disclosure,
      AuditLog log, FhirContext fhir) {
    if (!properties.isEnabled() && !Arrays.asList(environment.getActiveProfiles()).contains("dev")) {
      throw new IllegalStateException("sluis.audit.enabled=false is only allowed with the 'dev' profile");
    }
    AuditAccess access = new AuditAccess(disclosure);
    AuditTrailQuery query = new AuditTrailQuery(daos.getResourceDao(AuditEvent.class), materialiser, log, fhir);
    return server -> {
      server.registerInterceptor(new AppendOnlyGuard(materialiser)); // its REST-level hook ($meta-add/-delete)
      // before the drain: a refused search must not make the requester's request store the backlog
      server.registerInterceptor(new AuditTrailSearchGuard(access));
      server.registerInterceptor(new AuditReadDrain(materialiser));
      if (properties.isEnabled()) {
        server.registerInterceptor(new DisclosureAuditInterceptor(new DisclosureAuditEvents(), writer));
      }
      server.registerProvider(new VerifyAuditChainOperation(verifier, access));
      server.registerProvider(new DisclosureReportOperation(query, access));
      server.registerProvider(new DisclosureOverviewOperation(query, access));
    };
  }
}
