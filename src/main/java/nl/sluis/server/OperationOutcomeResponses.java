package nl.sluis.server;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a minimal FHIR OperationOutcome for the few errors answered before a request reaches HAPI
 * (body too large, authentication). The text is ours, never the caller's input.
 */
public final class OperationOutcomeResponses {

  private OperationOutcomeResponses() {}

  public static void write(HttpServletResponse response, int status, String code, String text)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/fhir+json;charset=UTF-8");
    String body =
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
            + code
            + "\",\"diagnostics\":\""
            + text.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}]}";
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
