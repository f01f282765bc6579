package nl.sluis.server.limits;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import nl.sluis.server.language.Messages;

/**
 * The conditional-request headers HAPI parses itself: a malformed one must be a 400, not an exception from
 * deep inside the version or date parser.
 */
final class HeaderRules {

  /** {@code *}, or one or more (weak) entity tags; FHIR versions are what HAPI reads out of them. */
  private static final Pattern ETAGS =
      Pattern.compile("\\*|(W/)?\"[A-Za-z0-9.\\-]{1,64}\"(\\s*,\\s*(W/)?\"[A-Za-z0-9.\\-]{1,64}\")*");
  private static final Pattern VERSION_ETAG = Pattern.compile("(W/)?\"\\d{1,18}\"");

  private HeaderRules() {}

  static void check(HttpServletRequest request) {
    String ifMatch = request.getHeader("If-Match");
    if (ifMatch != null && !VERSION_ETAG.matcher(ifMatch.trim()).matches()) {
      throw new InvalidRequestException(Messages.text("headers.ifMatch"));
    }
    String ifNoneMatch = request.getHeader("If-None-Match");
    if (ifNoneMatch != null && !ETAGS.matcher(ifNoneMatch.trim()).matches()) {
      throw new InvalidRequestException(Messages.text("headers.ifNoneMatch"));
    }
    checkDate(request, "If-Modified-Since");
    checkDate(request, "If-Unmodified-Since");
  }

  private static void checkDate(HttpServletRequest request, String header) {
    String value = request.getHeader(header);
    if (value == null) {
      return;
    }
    try {
      DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(Messages.text("headers.httpDate", header));
    }
  }
}
