package nl.sluis.server.language;

import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Sluis's own texts for clients (OperationOutcome diagnostics, refusals), in the request's {@link AnswerLanguage}:
 * {@code messages.properties} (English) and {@code messages_nl.properties} (Dutch), keyed, with
 * {@link java.text.MessageFormat} parameters ({@code {0}}; a literal quote is written {@code ''}). FHIR element
 * names and codes stay as they are in every language. Log lines stay English: they do not go through here.
 */
public final class Messages {

  private static final ResourceBundleMessageSource SOURCE = source();

  private Messages() {}

  private static ResourceBundleMessageSource source() {
    ResourceBundleMessageSource source = new ResourceBundleMessageSource();
    // not "messages" at the root: on a case-insensitive file system the core validator's Messages bundle would find it
    source.setBasename("i18n/messages");
    source.setDefaultEncoding("UTF-8");
    // English is the base bundle: never the JVM's locale (a Dutch machine would turn every default answer Dutch)
    source.setFallbackToSystemLocale(false);
    // Every text through MessageFormat, so that a quote is written '' whether or not the text has parameters
    source.setAlwaysUseMessageFormat(true);
    return source;
  }

  /** The text of {@code key} in this request's language. */
  public static String text(String key, Object... arguments) {
    return text(AnswerLanguage.current(), key, arguments);
  }

  public static String text(Locale language, String key, Object... arguments) {
    return SOURCE.getMessage(key, arguments, language);
  }

  /** Whether {@code text} is the text of {@code key} in any language, each parameter matching {@code argument}. */
  public static boolean isTextOf(String key, String text, String argument) {
    if (text == null) {
      return false;
    }
    for (Locale language : AnswerLanguage.SUPPORTED) {
      String template = text(language, key, placeholders(argument));
      if (Pattern.compile(quoteAround(template)).matcher(text).matches()) {
        return true;
      }
    }
    return false;
  }

  private static final String PLACEHOLDER = "\u0000";

  private static Object[] placeholders(String argument) {
    Object[] arguments = new Object[4];
    java.util.Arrays.fill(arguments, PLACEHOLDER + argument + PLACEHOLDER);
    return arguments;
  }

  /** The template quoted as a regular expression, except the parameter patterns between the markers. */
  private static String quoteAround(String template) {
    String[] parts = template.split(PLACEHOLDER, -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      regex.append(i % 2 == 0 ? Pattern.quote(parts[i]) : parts[i]);
    }
    return regex.toString();
  }
}
