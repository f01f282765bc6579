package nl.sluis.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transaction manager with Hibernate on H2 (no server, no HAPI): a request's transactions are cut off when its
 * database time runs out — a running statement cancelled by the database, the next statement refused — rolled back,
 * their connection returned; no transaction starts after; threads serving no request are not limited.
 */
class RequestTimedTransactionManagerTest {

  private static HikariDataSource dataSource;
  private static LocalContainerEntityManagerFactoryBean factory;
  private static RequestTimedTransactionManager transactions;
  private static JdbcTemplate jdbc;

  @BeforeAll
  static void start() {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl("jdbc:h2:mem:request-time;DB_CLOSE_DELAY=-1");
    dataSource.setMaximumPoolSize(4);
    factory = new LocalContainerEntityManagerFactoryBean();
    factory.setDataSource(dataSource);
    factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
    factory.setPackagesToScan("nl.sluis.server.limits.no.entities");
    factory.setPersistenceUnitName("request-time");
    factory.afterPropertiesSet();
    transactions = new RequestTimedTransactionManager(factory.getObject());
    jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("CREATE TABLE written (n INT)");
  }

  @AfterAll
  static void stop() {
    factory.destroy();
    dataSource.close();
  }

  @BeforeEach
  void empty() {
    jdbc.update("DELETE FROM written");
  }

  private static EntityManager entityManager() {
    EntityManagerFactory emf = factory.getObject();
    return EntityManagerFactoryUtils.getTransactionalEntityManager(emf);
  }

  @Test
  void manyShortStatementsAreStoppedWhenTheRequestsTimeRunsOut() {
    long started = System.nanoTime();
    try (RequestDatabaseTime.Scope scope = RequestDatabaseTime.start(Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
        for (int n = 0; ; n++) {
          entityManager().createNativeQuery("INSERT INTO written VALUES (" + n + ")").executeUpdate();
          sleep(50);
        }
      })).satisfies(e -> assertThat(String.valueOf(e) + e.getCause()).containsIgnoringCase("transaction timeout"));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(millis).isBetween(900L, 2_500L);

      // the rest of the request gets no transaction, and no JdbcTemplate statement inside one
      long refused = System.nanoTime();
      assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(
          status -> jdbc.queryForObject("SELECT 1", Integer.class)))
          .isInstanceOf(TransactionTimedOutException.class);
      assertThat((System.nanoTime() - refused) / 1_000_000).isLessThan(500);
    }
    assertThat(jdbc.queryForObject("SELECT count(*) FROM written", Integer.class)).as("rolled back").isZero();
    assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).isZero();
  }

  @Test
  void aLongStatementIsCancelledByTheDatabase() {
    long started = System.nanoTime();
    try (RequestDatabaseTime.Scope scope = RequestDatabaseTime.start(Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
        jdbc.update("INSERT INTO written VALUES (1)");
        jdbc.queryForObject("SELECT count(*) FROM system_range(1, 100000) a, system_range(1, 100000) b", Long.class);
      })).hasMessageContaining("57014"); // H2: statement cancelled (its JDBC query timeout: the time left)
    }
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_500L);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM written", Integer.class)).as("rolled back").isZero();
    assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).isZero();
  }

  /**
   * The time running out in a before-commit hook's own statement (as Sluis's decision-input tokens are written right
   * before commit) fails the commit with a TransactionTimedOutException, a TransactionException, which Spring takes for
   * a failed commit: without rollback-on-commit-failure the transaction was neither committed nor rolled back and its
   * connection stayed out of the pool (CI, session 15: one connection in use after a 503 in RequestDatabaseTimeHttpTest).
   */
  @Test
  void timeRunningOutInABeforeCommitHookRollsBackAndReturnsTheConnection() {
    try (RequestDatabaseTime.Scope scope = RequestDatabaseTime.start(Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
        entityManager().createNativeQuery("INSERT INTO written VALUES (1)").executeUpdate();
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
            new org.springframework.transaction.support.TransactionSynchronization() {
              @Override
              public void beforeCommit(boolean readOnly) {
                sleep(1_300); // the deadline passes before the hook's own statement
                jdbc.update("INSERT INTO written VALUES (2)");
              }
            });
      })).isInstanceOf(TransactionTimedOutException.class);
    }
    assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).as("connection returned").isZero();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM written", Integer.class)).as("rolled back").isZero();
  }

  @Test
  void timeOutsideTransactionsDoesNotCount() {
    try (RequestDatabaseTime.Scope scope = RequestDatabaseTime.start(Duration.ofSeconds(2))) {
      for (int i = 0; i < 3; i++) {
        new TransactionTemplate(transactions).executeWithoutResult(
            status -> entityManager().createNativeQuery("INSERT INTO written VALUES (1)").executeUpdate());
        sleep(1_000);
      }
    }
    assertThat(jdbc.queryForObject("SELECT count(*) FROM written", Integer.class)).isEqualTo(3);
  }

  @Test
  void aThreadServingNoRequestIsNotLimited() {
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      for (int n = 0; n < 6; n++) {
        entityManager().createNativeQuery("INSERT INTO written VALUES (" + n + ")").executeUpdate();
        sleep(500);
      }
    });
    assertThat(jdbc.queryForObject("SELECT count(*) FROM written", Integer.class)).isEqualTo(6);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
