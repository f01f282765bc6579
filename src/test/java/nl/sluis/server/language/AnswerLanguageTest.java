package nl.sluis.server.language;

import static nl.sluis.server.language.AnswerLanguage.DUTCH;
import static nl.sluis.server.language.AnswerLanguage.ENGLISH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerLanguageTest {

  @ParameterizedTest(name = "[{0}] with default {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      NULL                           | en | en
      ''                             | nl | nl
      nl                             | en | nl
      NL                             | en | nl
      nl-NL                          | en | nl
      nl-BE;q=0.5                    | en | nl
      nl-NL,nl;q=0.9,en;q=0.8        | en | nl
      en-GB,en;q=0.9,nl;q=0.8        | nl | en
      en;q=0.2,nl;q=0.9              | en | nl
      fr                             | en | en
      fr                             | nl | nl
      fr-CA,fr;q=0.9,nl;q=0.4        | en | nl
      de,en;q=0.5                    | nl | en
      *                              | en | en
      *                              | nl | nl
      nl;q=0,*                       | nl | en
      nl;q=0                         | en | en
      en;q=0,nl;q=0                  | nl | nl
      nl;q=2                         | en | en
      nl;q=abc                       | en | en
      ;;;,,,===                      | en | en
      $%&/()                         | nl | nl
      nl-NL-x-ggz                    | en | nl
      """)
  void theHighestWeightedSupportedLanguageElseTheDefault(String header, String fallback, String chosen) {
    assertThat(AnswerLanguage.negotiate(header, Locale.forLanguageTag(fallback)))
        .isEqualTo(Locale.forLanguageTag(chosen));
  }

  @org.junit.jupiter.api.Test
  void anOversizedHeaderIsNotParsed() {
    String huge = "nl," + "xx;q=0.1,".repeat(AnswerLanguage.MAX_HEADER_LENGTH);
    assertThat(AnswerLanguage.negotiate(huge, ENGLISH)).isEqualTo(ENGLISH);
    assertThat(AnswerLanguage.negotiate("nl", ENGLISH)).isEqualTo(DUTCH);
  }

  @org.junit.jupiter.api.Test
  void onlySupportedDefaultsStart() {
    assertThat(AnswerLanguage.supported("NL")).isEqualTo(DUTCH);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AnswerLanguage.supported("fr"))
        .hasMessageContaining("sluis.messages.default-language");
  }
}
