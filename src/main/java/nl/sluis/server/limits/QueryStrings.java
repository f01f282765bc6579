package nl.sluis.server.limits;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.sluis.server.language.Messages;

/** Parses a query string, refusing malformed {@code %} escapes with 400 (Java's decoder throws). */
final class QueryStrings {

  private QueryStrings() {}

  static Map<String, String[]> parse(String query) {
    checkEscapes(query);
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    Map<String, String[]> parsed = new LinkedHashMap<>();
    values.forEach((name, list) -> parsed.put(name, list.toArray(String[]::new)));
    return parsed;
  }

  /** Every {@code %} must start a two-digit hex escape. */
  static void checkEscapes(String text) {
    for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
      if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
        throw new InvalidRequestException(Messages.text("limits.invalidEscape"));
      }
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(Messages.text("limits.invalidEscape"));
    }
  }
}
