package nl.sluis.server.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.sluis.server.ErrorText;
import org.junit.jupiter.api.Test;

/** The English and the Dutch bundle say the same things: same keys, same parameters, valid patterns. */
class MessageBundlesTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)(,[^}]*)?}");
  /** A quote that is neither doubled nor quoting a brace: MessageFormat would swallow it and what follows. */
  private static final Pattern LONE_QUOTE = Pattern.compile("(?<![}'])'(?!['{])");
  /** Literal keys in the code: Messages.text("key" …) and keys handed around as strings ("token.expired"). */
  private static final Pattern KEY_IN_CODE = Pattern.compile("\"([a-z][a-zA-Z]*\\.[a-zA-Z0-9.]+)\"");

  private final Map<String, String> english = bundle("i18n/messages.properties");
  private final Map<String, String> dutch = bundle("i18n/messages_nl.properties");

  @Test
  void everyKeyIsInBothLanguages() {
    assertThat(dutch.keySet()).as("keys").isEqualTo(english.keySet());
    assertThat(english).isNotEmpty();
  }

  @Test
  void bothLanguagesHaveTheSameParameters() {
    english.forEach((key, text) -> assertThat(placeholders(dutch.get(key))).as(key).isEqualTo(placeholders(text)));
  }

  @Test
  void everyTextIsAValidPatternWithDoubledQuotes() {
    for (Map<String, String> bundle : java.util.List.of(english, dutch)) {
      bundle.forEach((key, text) -> {
        new MessageFormat(text); // throws on a broken pattern
        assertThat(LONE_QUOTE.matcher(text).find()).as(key + ": write a quote as ''").isFalse();
        assertThat(text.trim()).as(key).isNotEmpty().isEqualTo(text);
      });
    }
  }

  @Test
  void noTextLooksLikeAnInternalError() {
    // SafeErrorInterceptor replaces a message that seems to reveal internals by a generic one
    Stream.concat(english.entrySet().stream(), dutch.entrySet().stream()).forEach(entry ->
        assertThat(ErrorText.revealsInternals(entry.getValue())).as(entry.getKey()).isFalse());
  }

  @Test
  void everyKeyTheCodeNamesExistsAndEveryKeyIsUsed() throws IOException {
    Set<String> named = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher matcher = KEY_IN_CODE.matcher(Files.readString(file));
        while (matcher.find()) {
          named.add(matcher.group(1));
        }
      }
    }
    Set<String> used = new TreeSet<>(english.keySet());
    used.removeIf(key -> !named.contains(key) && !key.matches("error\\.generic\\.\\d{3}"));
    assertThat(english.keySet()).as("keys no code names").containsExactlyInAnyOrderElementsOf(used);
    Set<String> keyLike = new TreeSet<>(named);
    keyLike.removeIf(key -> !english.containsKey(key) && !isKeyOfOurs(key));
    assertThat(english.keySet()).as("keys the code names").containsAll(keyLike);
  }

  @Test
  void messagesAreFormattedInTheRequestedLanguage() {
    assertThat(Messages.text(AnswerLanguage.ENGLISH, "resource.notKnown", "Patient/1")).isEqualTo("Resource Patient/1 is not known");
    assertThat(Messages.text(AnswerLanguage.DUTCH, "resource.notKnown", "Patient/1")).isEqualTo("Resource Patient/1 is niet bekend");
    assertThat(Messages.text(AnswerLanguage.DUTCH, "limits.bodyTooLarge", 10485760L)).contains("10485760 bytes");
    assertThat(Messages.text(AnswerLanguage.ENGLISH, "audit.searchClosed")).contains("Patient/{id}/$disclosure-overview");
    assertThat(Messages.isTextOf("resource.notKnown", "Resource Patient/1 is niet bekend", "[A-Za-z]+/\\d+")).isTrue();
    assertThat(Messages.isTextOf("resource.notKnown", "Resource Patient/1 is not known", "[A-Za-z]+/\\d+")).isTrue();
    assertThat(Messages.isTextOf("resource.notKnown", "Resource Patient/1 was deleted", "[A-Za-z]+/\\d+")).isFalse();
  }

  /** A string in the code shaped like one of our keys (an area we use) but missing from the bundle. */
  private boolean isKeyOfOurs(String candidate) {
    String area = candidate.substring(0, candidate.indexOf('.') + 1);
    return english.keySet().stream().anyMatch(key -> key.startsWith(area)) && candidate.matches("[a-z][a-zA-Z]*\\.[a-z][a-zA-Z]+");
  }

  private static Set<String> placeholders(String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group());
    }
    return found;
  }

  private static Map<String, String> bundle(String resource) {
    Properties properties = new Properties();
    try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(resource);
        Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> texts = new TreeMap<>();
    properties.forEach((key, value) -> texts.put((String) key, (String) value));
    return texts;
  }
}
