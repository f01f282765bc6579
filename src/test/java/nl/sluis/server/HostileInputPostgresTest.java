package nl.sluis.server;

import java.util.stream.Stream;
import nl.sluis.testsupport.HostileCorpus;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile-input corpus (src/test/resources/hostile/inputs.tsv) against the server on PostgreSQL: no row
 * may get a 5xx, hang, an HTML or non-FHIR error, an answer with SQL/class names/stack frames, or leave the
 * server unable to answer /fhir/metadata (its summary after every row, the whole statement after the corpus).
 */
class HostileInputPostgresTest extends PostgresServerTest {

  @TestFactory
  Stream<DynamicTest> everyHostileInputGetsASafeAnswer() throws Exception {
    HostileCorpus corpus = new HostileCorpus(port, auth -> switch (auth) {
      case "professional" -> TestTokens.internalProfessional("user/*.cruds");
      case "officer" -> TestTokens.token(TestTokens.OWN_URA, "po-hostile", "privacy-officer", null, "user/*.rs", null);
      case "external" -> TestTokens.external("TREAT", "user/*.cruds");
      default -> TestTokens.internalSystem();
    });
    corpus.createFixtures();
    return Stream.concat(
        HostileCorpus.rows().stream().map(row -> DynamicTest.dynamicTest(row.id(), () ->
            HostileCorpusAssertions.assertSafe(corpus.run(row)))),
        Stream.of(DynamicTest.dynamicTest("whole CapabilityStatement after the corpus", () ->
            HostileCorpusAssertions.assertAnswers(corpus.checkWholeCapabilityStatement()))));
  }
}
