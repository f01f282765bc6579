package nl.sluis.server;

import java.util.regex.Pattern;
import nl.sluis.server.language.Messages;

/**
 * What an error message sent to a client may not contain: SQL, database table names, Java class or package
 * names, stack frames. Database and library messages carry these; they tell an attacker about the internals
 * and can echo stored values. A message that matches is replaced by a generic text for its status.
 */
public final class ErrorText {

  /** Also used by the hostile-input tests to check every answer. */
  public static final Pattern INTERNALS = Pattern.compile(
      "(?i)(\\bsql|\\bselect\\s.{0,200}\\sfrom\\s|\\binsert\\s+into\\b|\\bhfj_|\\bjdbc\\b|hibernate"
          + "|exception\\b|\\b(java|javax|jakarta|org|com|ca|nl|sun)\\.[a-z0-9_]+\\.[a-z]"
          + "|\\bat\\s+[a-z0-9_]+\\.[a-z0-9_]+\\.|\\.java:\\d+|\\bstack\\s*trace|\\bpsql|\\bh2\\b|\\bstatement\\b)");

  private ErrorText() {}

  public static boolean revealsInternals(String text) {
    return text != null && INTERNALS.matcher(text).find();
  }

  private static String serverError() {
    String requestId = org.slf4j.MDC.get(RequestIdFilter.MDC_KEY);
    return requestId == null ? Messages.text("error.server") : Messages.text("error.server.withRequestId", requestId);
  }

  /** The text a client gets instead of a message that revealed internals. */
  public static String generic(int status) {
    return switch (status) {
      case 400, 401, 403, 404, 405, 406, 408, 409, 410, 412, 413, 414, 415, 422, 429, 503 ->
          Messages.text("error.generic." + status);
      default -> status >= 500 ? serverError() : Messages.text("error.generic");
    };
  }
}
