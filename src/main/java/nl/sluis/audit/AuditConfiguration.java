package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import java.time.Period;
import java.util.Arrays;
import javax.sql.DataSource;
import nl.sluis.disclosure.DisclosureService;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the disclosure audit trail: the writer and its hash chain, the append-only guard (on HAPI's
 * storage interceptor service, so that it holds for every path), and on the REST server, after the
 * disclosure interceptors (order 20), the audit interceptor and the privacy officer's and client's views.
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
  AuditChainHash auditChainHash(FhirContext fhir) {
    return new AuditChainHash(fhir);
  }

  @Bean
  public AuditWriter auditWriter(DaoRegistry daos, PlatformTransactionManager transactionManager, AuditChainHead head,
      AuditChainHash hash, IInterceptorService storageInterceptors, AuditProperties properties) {
    if (properties.getRetention().toTotalMonths() < Period.ofYears(5).toTotalMonths()) {
      throw new IllegalStateException("sluis.audit.retention must be at least P5Y (NEN 7513)");
    }
    IFhirResourceDao<AuditEvent> dao = daos.getResourceDao(AuditEvent.class);
    AuditWriter writer = new AuditWriter(dao, new TransactionTemplate(transactionManager), head, hash);
    storageInterceptors.registerInterceptor(new AppendOnlyGuard(writer));
    return writer;
  }

  @Bean
  AuditChainVerifier auditChainVerifier(DaoRegistry daos, AuditChainHead head, AuditChainHash hash) {
    return new AuditChainVerifier(daos.getResourceDao(AuditEvent.class), head, hash);
  }

  @Bean
  @Order(30)
  public FhirServerCustomizer auditInterceptors(AuditProperties properties, Environment environment, DaoRegistry daos,
      AuditWriter writer, AuditChainVerifier verifier, DisclosureService disclosure) {
    if (!properties.isEnabled() && !Arrays.asList(environment.getActiveProfiles()).contains("dev")) {
      throw new IllegalStateException("sluis.audit.enabled=false is only allowed with the 'dev' profile");
    }
    AuditAccess access = new AuditAccess(disclosure);
    AuditTrailQuery query = new AuditTrailQuery(daos.getResourceDao(AuditEvent.class));
    return server -> {
      server.registerInterceptor(new AppendOnlyGuard(writer)); // its REST-level hook ($meta-add/-delete)
      if (properties.isEnabled()) {
        server.registerInterceptor(new DisclosureAuditInterceptor(new DisclosureAuditEvents(daos), writer));
      }
      server.registerProvider(new VerifyAuditChainOperation(verifier, access));
      server.registerProvider(new DisclosureReportOperation(query, access));
      server.registerProvider(new DisclosureOverviewOperation(query, access));
    };
  }
}
