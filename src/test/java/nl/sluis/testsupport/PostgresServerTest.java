package nl.sluis.testsupport;

import nl.sluis.server.SluisApplication;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base class for HTTP tests against the whole server on a real PostgreSQL database. All subclasses
 * share one Spring context (same configuration), so the server starts once per test run.
 */
@AutoConfigureObservability
@ActiveProfiles("dev")
@SpringBootTest(classes = SluisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "logging.level.nl.sluis.fhir.access=INFO")
public abstract class PostgresServerTest {

  /** The database of this context (also that of {@link SecondNode}). */
  public static final String DATABASE = "sluis_it";

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> EmbeddedPostgresDatabase.createDatabase(DATABASE));
    registry.add("spring.datasource.username", () -> EmbeddedPostgresDatabase.USER);
    registry.add("spring.datasource.password", () -> EmbeddedPostgresDatabase.PASSWORD);
    registry.add("sluis.security.jwks-file", () -> "file:" + TestJwks.FILE);
    registry.add("sluis.disclosure.trusted-internal-systems", () -> TestTokens.TRUSTED_SYSTEM);
  }

  /** An internal system client with full scopes. */
  protected FhirHttp http() {
    return new FhirHttp("http://localhost:" + port, TestTokens.internalSystem());
  }

  /** A client that sends no token. */
  protected FhirHttp anonymous() {
    return new FhirHttp("http://localhost:" + port);
  }
}
