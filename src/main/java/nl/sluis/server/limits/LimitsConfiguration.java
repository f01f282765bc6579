package nl.sluis.server.limits;

import com.zaxxer.hikari.HikariDataSource;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import nl.sluis.server.FhirServerProperties;
import nl.sluis.server.RequestDatabaseTimeCheckpoints;
import nl.sluis.server.SafeErrorInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/** Registers the request bounds and safe error answers with HAPI, and the database statement timeout. */
@Configuration
public class LimitsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(LimitsConfiguration.class);

  @Bean
  @Order(0)
  public FhirServerCustomizer requestLimits(LimitsProperties limits, FhirServerProperties server) {
    return restfulServer -> {
      restfulServer.registerInterceptor(new SafeErrorInterceptor());
      restfulServer.registerInterceptor(new RequestDatabaseTimeCheckpoints());
      restfulServer.registerInterceptor(new RequestLimitsInterceptor(limits));
      restfulServer.registerInterceptor(new CapabilityStatementLimits(limits, server.getMaxRequestBodyBytes(),
          server.getMaxPageSize()));
    };
  }

  /**
   * Every pooled connection gets the statement timeout as a session setting when it is opened (no cost per
   * request): PostgreSQL's {@code statement_timeout}, H2's {@code QUERY_TIMEOUT}. An init SQL configured with
   * {@code spring.datasource.hikari.connection-init-sql} is left alone.
   */
  @Bean
  public static BeanPostProcessor statementTimeout(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari && hikari.getConnectionInitSql() == null) {
          long millis = environment.getProperty("sluis.limits.statement-timeout", java.time.Duration.class,
              java.time.Duration.ofSeconds(30)).toMillis();
          String sql = statementTimeoutSql(hikari.getJdbcUrl(), millis);
          if (sql != null) {
            hikari.setConnectionInitSql(sql);
          } else if (millis > 0) {
            log.warn("No statement timeout for this database URL: set one in the database itself");
          }
        }
        return bean;
      }
    };
  }

  static String statementTimeoutSql(String jdbcUrl, long millis) {
    if (millis <= 0 || jdbcUrl == null) {
      return null;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return "SET statement_timeout = " + millis;
    }
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return "SET QUERY_TIMEOUT " + millis;
    }
    return null;
  }
}
