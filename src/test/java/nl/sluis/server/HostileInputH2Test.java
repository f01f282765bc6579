package nl.sluis.server;

import nl.sluis.testsupport.H2ServerTest;
import java.util.stream.Stream;
import nl.sluis.testsupport.HostileCorpus;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The hostile-input corpus against the zero-setup default (embedded H2). Same configuration as
 * {@link H2DefaultServerTest}, so both share one Spring context.
 */
@H2ServerTest
class HostileInputH2Test {

  /** The dev profile's trusted integration system (application-dev.yaml). */
  private static final String DEV_SYSTEM = "dev-system";

  @LocalServerPort int port;

  @TestFactory
  Stream<DynamicTest> everyHostileInputGetsASafeAnswer() throws Exception {
    String system = TestTokens.token(TestTokens.OWN_URA, DEV_SYSTEM, null, null, "system/*.cruds", null);
    HostileCorpus corpus = new HostileCorpus(port, auth -> switch (auth) {
      case "professional" -> TestTokens.internalProfessional("user/*.cruds");
      case "officer" -> TestTokens.token(TestTokens.OWN_URA, "po-hostile", "privacy-officer", null, "user/*.rs", null);
      case "external" -> TestTokens.external("TREAT", "user/*.cruds");
      default -> system;
    });
    corpus.createFixtures();
    return Stream.concat(
        HostileCorpus.rows().stream().map(row -> DynamicTest.dynamicTest(row.id(), () ->
            HostileCorpusAssertions.assertSafe(corpus.run(row)))),
        Stream.of(DynamicTest.dynamicTest("whole CapabilityStatement after the corpus", () ->
            HostileCorpusAssertions.assertAnswers(corpus.checkWholeCapabilityStatement()))));
  }
}
