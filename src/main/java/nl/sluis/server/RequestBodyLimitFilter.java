package nl.sluis.server;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import nl.sluis.server.language.Messages;
import nl.sluis.server.limits.LimitsProperties;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies: at most {@code hapi.fhir.max_request_body_bytes} <em>decoded</em> bytes, arriving
 * within {@code sluis.limits.body-read-timeout}. Runs after Spring Security (order -100), so a request
 * without a valid token is answered 401 before any body byte is read. Nothing is buffered here: the body is
 * counted while HAPI reads it, and the read that crosses the limit fails with 413. gzip and deflate bodies
 * are decoded here, under the same limit, and their {@code Content-Encoding} hidden from HAPI (which would
 * decode gzip again, without a limit); any other encoding gets 415.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 10)
public class RequestBodyLimitFilter extends OncePerRequestFilter {

  private final long limit;
  private final long readTimeoutNanos;

  public RequestBodyLimitFilter(FhirServerProperties properties, LimitsProperties limits) {
    this.limit = properties.getMaxRequestBodyBytes();
    this.readTimeoutNanos = limits.getBodyReadTimeout().toNanos();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared == 0 || (declared < 0 && request.getHeader("Transfer-Encoding") == null)) {
      chain.doFilter(request, response); // no body: nothing to bound (every GET)
      return;
    }
    if (declared > limit) {
      refuse(response, BoundedBodyRequest.tooLarge(limit));
      return;
    }
    BodyEncoding encoding = BodyEncoding.of(request.getHeader("Content-Encoding"));
    if (encoding == BodyEncoding.UNSUPPORTED) {
      OperationOutcomeResponses.write(response, 415, "not-supported",
          Messages.text("limits.contentEncoding"));
      return;
    }
    try {
      chain.doFilter(new BoundedBodyRequest(request, encoding, limit, readTimeoutNanos), response);
    } catch (BaseServerResponseException e) {
      // Only a reader outside HAPI (HAPI answers these itself) lets the limit's exception escape.
      if (response.isCommitted()) {
        throw e;
      }
      response.reset();
      refuse(response, e);
    }
  }

  private static void refuse(HttpServletResponse response, BaseServerResponseException e) throws IOException {
    OperationOutcomeResponses.write(response, e.getStatusCode(),
        e.getStatusCode() == 413 ? "too-costly" : "timeout", e.getMessage());
  }

  enum BodyEncoding {
    IDENTITY, GZIP, DEFLATE, UNSUPPORTED;

    static BodyEncoding of(String header) {
      if (header == null) {
        return IDENTITY;
      }
      return switch (header.trim().toLowerCase(Locale.ROOT)) {
        case "", "identity" -> IDENTITY;
        case "gzip", "x-gzip" -> GZIP;
        case "deflate" -> DEFLATE;
        default -> UNSUPPORTED;
      };
    }
  }
}
