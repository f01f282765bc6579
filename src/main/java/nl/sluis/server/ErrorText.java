package nl.sluis.server;

import java.util.regex.Pattern;

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
    return "The server could not process the request"
        + (requestId == null ? "" : " (request id " + requestId + ")");
  }

  /** The text a client gets instead of a message that revealed internals. */
  public static String generic(int status) {
    return switch (status) {
      case 400 -> "The request is not valid";
      case 401 -> "A valid bearer token is required";
      case 403 -> "Access denied";
      case 404 -> "Not found";
      case 405 -> "This method is not allowed here";
      case 406 -> "The requested format is not available";
      case 408 -> "The request did not arrive in time";
      case 409 -> "The request conflicts with the current state of the resource";
      case 410 -> "The resource has been deleted";
      case 412 -> "A precondition of the request failed";
      case 413 -> "The request is larger than this server accepts";
      case 414 -> "The request URL is too long";
      case 415 -> "This content type or encoding is not supported";
      case 422 -> "The resource is not valid";
      case 429 -> "Too many requests";
      case 503 -> "The server could not finish the request in time; narrow the request or retry later";
      default -> status >= 500 ? serverError() : "The request could not be processed";
    };
  }
}
