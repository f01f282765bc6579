package nl.sluis.server.limits;

/**
 * FHIR strings may not contain characters below U+0020 other than tab, carriage return and line feed
 * (R4 datatypes, "string"); unpaired surrogates cannot be stored as UTF-8 either.
 */
final class ControlCharacters {

  private ControlCharacters() {}

  static boolean containsForbidden(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        if (c != '\t' && c != '\n' && c != '\r') {
          return true;
        }
      } else if (c == 0xFFFE || c == 0xFFFF) {
        return true;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
