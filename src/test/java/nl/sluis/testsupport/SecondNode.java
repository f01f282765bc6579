package nl.sluis.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A second server node, as its own process, on the database of the shared PostgreSQL test context
 * ({@link PostgresServerTest}): the two-node tests share it, so it starts once per test run (a server process takes
 * about 40 s to be ready on two cores). A test that kills it ({@link #kill()}) makes the next caller start a new one;
 * the test that kills it runs last of those that use it (its class carries a late {@code @Order}, see
 * {@code junit-platform.properties}). Stopped when the test JVM exits.
 */
public final class SecondNode {

  private static ServerProcess node;

  private SecondNode() {}

  /** The running second node, started (and awaited ready) on first use or after a kill. */
  public static synchronized ServerProcess get() throws IOException, InterruptedException {
    if (node == null) {
      Map<String, String> environment = new LinkedHashMap<>();
      environment.put("SPRING_PROFILES_ACTIVE", "dev");
      environment.put("SPRING_DATASOURCE_URL", EmbeddedPostgresDatabase.jdbcUrl(PostgresServerTest.DATABASE));
      environment.put("SPRING_DATASOURCE_USERNAME", EmbeddedPostgresDatabase.USER);
      environment.put("SPRING_DATASOURCE_PASSWORD", EmbeddedPostgresDatabase.PASSWORD);
      environment.put("SLUIS_SECURITY_JWKS_FILE", "file:" + TestJwks.FILE);
      environment.put("SLUIS_DISCLOSURE_TRUSTED_INTERNAL_SYSTEMS", TestTokens.TRUSTED_SYSTEM);
      environment.put("JAVA_TOOL_OPTIONS", "-Xmx512m");
      // user.home is the build folder's test-home (pom.xml): builds side by side do not share the log
      ServerProcess started = ServerProcess.start(ServerProcess.TEST_JVM_OPTIONS, environment,
          Path.of(System.getProperty("user.home"), "sluis-second-node.log"));
      try {
        started.awaitReady(Duration.ofMinutes(5));
      } catch (RuntimeException | InterruptedException e) {
        started.kill();
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.stop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      node = started;
    }
    return node;
  }

  /** SIGKILL, as in a crash: the next {@link #get()} starts a new node. */
  public static synchronized void kill() throws InterruptedException {
    if (node != null) {
      node.kill();
      node = null;
    }
  }
}
