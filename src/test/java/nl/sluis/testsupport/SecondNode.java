package nl.sluis.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A second server node, as its own process, on the database of the shared PostgreSQL test context
 * ({@link PostgresServerTest}): the two-node tests share it, so it starts once per test run (a server process takes
 * about 30-40 s to be ready on two cores). It runs with the environment docker/compose.yaml gives the sluis service
 * ({@link ComposeEnvironment}): only the database address is the shared context's, the context's key file and
 * trusted test system are added, so that the same tokens work on both nodes, and the server address is left out, as
 * the context has none (nodes on one database share one address). A test that kills it ({@link #kill()})
 * makes the next caller start a new one on the same database (ComposeEnvironmentCrashTest restarts it that way after
 * a SIGKILL); the tests that kill it run after those that only use it (their classes carry a late {@code @Order}, see
 * {@code junit-platform.properties}). Killed when the test JVM exits.
 */
public final class SecondNode {

  private static ServerProcess node;

  private SecondNode() {}

  /** The running second node, started (and awaited ready) on first use or after a kill. */
  public static synchronized ServerProcess get() throws IOException, InterruptedException {
    if (node == null) {
      Map<String, String> environment = environment();
      // user.home is the build folder's test-home (pom.xml): builds side by side do not share the log
      ServerProcess started = ServerProcess.start(ServerProcess.TEST_JVM_OPTIONS, environment,
          Path.of(System.getProperty("user.home"), "sluis-second-node.log"));
      try {
        started.awaitReady(Duration.ofMinutes(5));
      } catch (RuntimeException | InterruptedException e) {
        started.kill();
        throw e;
      }
      // SIGKILL at the end of the run: nothing of the node is needed any more, and a graceful stop runs beside
      // PostgreSQL's own shutdown hook (shutdown hooks run at once), can take up to ServerProcess.stop's 30 s, and
      // kept the test JVM from exiting: surefire's "kill self fork JVM" after 30 s
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      node = started;
    }
    return node;
  }

  /**
   * What docker/compose.yaml gives the sluis service, on the shared context's database, with the context's key file
   * and trusted test system added and without the server address.
   */
  public static Map<String, String> environment() throws IOException {
    Map<String, String> environment =
        new LinkedHashMap<>(ComposeEnvironment.ofSluisService(ServerProcess.projectDir().resolve("docker/compose.yaml")));
    String composeDatabase = "jdbc:postgresql://postgres:5432/sluis";
    if (!composeDatabase.equals(environment.get("SPRING_DATASOURCE_URL"))) {
      throw new IllegalStateException("docker/compose.yaml names another database: "
          + environment.get("SPRING_DATASOURCE_URL") + "; update SecondNode");
    }
    environment.put("SPRING_DATASOURCE_URL", EmbeddedPostgresDatabase.jdbcUrl(PostgresServerTest.DATABASE));
    // Nodes on one database share one server address (docs/scaling.md); the shared context has none. (With the
    // compose file's address here, ConsoleBrowserTest's policy preview once answered permit where deny was right:
    // not the address but the console's policy reload resetting the officer's edit when the node slowed it down,
    // fixed in the console in session 13.)
    environment.remove("HAPI_FHIR_SERVER_ADDRESS");
    environment.put("SLUIS_SECURITY_JWKS_FILE", "file:" + TestJwks.FILE);
    environment.put("SLUIS_DISCLOSURE_TRUSTED_INTERNAL_SYSTEMS", TestTokens.TRUSTED_SYSTEM);
    return environment;
  }

  /** SIGKILL, as in a crash: the next {@link #get()} starts a new node. */
  public static synchronized void kill() throws InterruptedException {
    if (node != null) {
      node.kill();
      node = null;
    }
  }
}
