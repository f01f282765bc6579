package nl.sluis.server;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import nl.sluis.server.language.ContentLanguage;

/**
 * Writes a minimal FHIR OperationOutcome for the errors answered outside HAPI (body limits, authentication,
 * Spring's and Tomcat's error pages). The text is ours, never the caller's input.
 */
public final class OperationOutcomeResponses {

  private OperationOutcomeResponses() {}

  public static void write(HttpServletResponse response, int status, String code, String text)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/fhir+json;charset=UTF-8");
    ContentLanguage.set(response);
    byte[] body = body(code, text);
    response.setContentLength(body.length);
    try {
      OutputStream out = response.getOutputStream();
      out.write(body);
    } catch (IllegalStateException usedWriter) {
      response.getWriter().write(new String(body, StandardCharsets.UTF_8));
    }
  }

  public static byte[] body(String code, String text) {
    String json = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
        + code + "\",\"diagnostics\":\"" + escape(text) + "\"}]}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The FHIR issue type (IssueType value set) that fits an HTTP status. */
  public static String issueCode(int status) {
    return switch (status) {
      case 401 -> "login";
      case 403 -> "forbidden";
      case 404, 410 -> "not-found";
      case 405, 415 -> "not-supported";
      case 408, 503, 504 -> "timeout";
      case 409, 412 -> "conflict";
      case 413, 414, 431 -> "too-costly";
      default -> status >= 500 ? "exception" : "invalid";
    };
  }

  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> escaped.append("\\\"");
        case '\\' -> escaped.append("\\\\");
        default -> {
          if (c < 0x20) {
            escaped.append(String.format("\\u%04x", (int) c));
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
