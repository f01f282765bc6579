package nl.sluis.server;

import static org.assertj.core.api.Assertions.assertThat;

import nl.sluis.testsupport.HostileCorpus;

final class HostileCorpusAssertions {

  private HostileCorpusAssertions() {}

  static void assertSafe(HostileCorpus.Result result) {
    assertThat(result.problem())
        .as("%s %s -> %d", result.row().method(), abbreviate(result.row().target()), result.status())
        .isNull();
  }

  /** {@code problem} is what {@link HostileCorpus#checkWholeCapabilityStatement()} found, null when nothing. */
  static void assertAnswers(String problem) {
    assertThat(problem).as("after the corpus").isNull();
  }

  private static String abbreviate(String target) {
    return target.length() > 120 ? target.substring(0, 120) + "…" : target;
  }
}
