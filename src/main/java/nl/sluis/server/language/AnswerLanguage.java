package nl.sluis.server.language;

import java.util.List;
import java.util.Locale;

/**
 * The language a request is answered in: Dutch or English, chosen from its {@code Accept-Language} by the
 * weights the client gave (RFC 9110 q-values), else the configured default. Held per request thread by
 * {@link AnswerLanguageFilter}; work outside a request (start-up, background threads) gets the default.
 */
public final class AnswerLanguage {

  public static final Locale DUTCH = Locale.forLanguageTag("nl");
  public static final Locale ENGLISH = Locale.ENGLISH;
  /** What Sluis has texts for; the first is the default unless configured otherwise. */
  public static final List<Locale> SUPPORTED = List.of(ENGLISH, DUTCH);
  /** Longer headers are not parsed (browsers send under 100 characters): the default answers them. */
  static final int MAX_HEADER_LENGTH = 512;

  private static final ThreadLocal<Locale> CURRENT = new ThreadLocal<>();
  private static volatile Locale configuredDefault = ENGLISH;

  private AnswerLanguage() {}

  /** This request's language, or the default outside a request. */
  public static Locale current() {
    Locale chosen = CURRENT.get();
    return chosen == null ? configuredDefault : chosen;
  }

  public static boolean isDutch() {
    return DUTCH.equals(current());
  }

  public static Locale configuredDefault() {
    return configuredDefault;
  }

  static void setDefault(Locale language) {
    configuredDefault = supported(language.getLanguage());
  }

  static void set(Locale language) {
    CURRENT.set(language);
  }

  static void clear() {
    CURRENT.remove();
  }

  /**
   * The supported language the client weighs highest; {@code *} stands for the default; a language given
   * {@code q=0} is never chosen. Absent, malformed, oversized or unsupported: the default.
   */
  public static Locale negotiate(String acceptLanguage, Locale fallback) {
    if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > MAX_HEADER_LENGTH) {
      return fallback;
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(acceptLanguage); // sorted by weight, highest first; stable
    } catch (RuntimeException malformed) {
      return fallback;
    }
    List<String> refused = ranges.stream().filter(range -> range.getWeight() == 0)
        .map(range -> primary(range.getRange())).toList();
    for (Locale.LanguageRange range : ranges) {
      if (range.getWeight() == 0) {
        continue;
      }
      String language = primary(range.getRange());
      if (language.equals("*")) {
        return refused.contains(fallback.getLanguage()) ? firstNotIn(refused, fallback) : fallback;
      }
      for (Locale supported : SUPPORTED) {
        if (supported.getLanguage().equals(language) && !refusedExactly(ranges, supported)) {
          return supported;
        }
      }
    }
    return fallback;
  }

  private static boolean refusedExactly(List<Locale.LanguageRange> ranges, Locale language) {
    return ranges.stream().anyMatch(range -> range.getWeight() == 0 && range.getRange().equals(language.getLanguage()));
  }

  private static Locale firstNotIn(List<String> refused, Locale fallback) {
    return SUPPORTED.stream().filter(language -> !refused.contains(language.getLanguage())).findFirst()
        .orElse(fallback);
  }

  private static String primary(String range) {
    int dash = range.indexOf('-');
    return dash < 0 ? range : range.substring(0, dash);
  }

  /** The supported language with this code; anything else stops the start (a typo must not go unnoticed). */
  static Locale supported(String code) {
    return SUPPORTED.stream().filter(language -> language.getLanguage().equalsIgnoreCase(code)).findFirst()
        .orElseThrow(() -> new IllegalStateException("sluis.messages.default-language must be one of "
            + SUPPORTED.stream().map(Locale::getLanguage).toList() + ", not: " + code));
  }
}
