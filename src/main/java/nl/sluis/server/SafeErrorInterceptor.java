package nl.sluis.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every exception on the FHIR path leaves as a FHIR-shaped answer that reveals no internals: a failure
 * the client's input caused becomes the 4xx it is (HAPI would answer 500 and quote the exception), a
 * database time-out a 503, and no message with SQL, class names or stack frames reaches the client. The
 * log gets one line per client error (status, exception type, HAPI message code; never the message, which
 * can quote the body) and the full exception for real server errors.
 */
@Interceptor
public class SafeErrorInterceptor {

  private static final Logger log = LoggerFactory.getLogger(SafeErrorInterceptor.class);
  /** Later than every other hook on the pointcut, and far from overflowing HAPI's order comparison. */
  static final int LAST = 1_000_000;
  private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d{4}");

  // Last on this pointcut: the audit records the original failure, and the disclosure guard answers a hidden
  // resource exactly like a missing one; the first hook that answers ends the chain. Not Integer.MAX_VALUE:
  // HAPI compares hook orders by subtraction, which overflows against a negative order and put this first.
  @Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = LAST)
  public BaseServerResponseException toSafeAnswer(RequestDetails request, Throwable thrown) {
    BaseServerResponseException answer = ErrorClassifier.classify(thrown, isPatch(request));
    if (answer.getStatusCode() >= 500) {
      log.error("Server error answering {} {}", request == null ? "?" : request.getRequestType(),
          request == null ? "?" : request.getResourceName(), thrown);
    } else {
      log.info("Client error {} ({}{})", answer.getStatusCode(), thrown.getClass().getSimpleName(),
          hapiCode(thrown.getMessage()));
    }
    return withoutInternals(answer);
  }

  /**
   * HAPI gives every issue it builds from an exception the catch-all code {@code processing}; the status
   * says more (not-found, forbidden, conflict, too-costly…). Codes that something chose (the validator's,
   * ours) stay; 422 keeps {@code processing} (a rule of the content, the issues say which). On this pointcut
   * the exception is the one answered, whichever hook chose it (the disclosure guard answers a hidden record
   * before {@link #toSafeAnswer} runs), so a hidden and a missing record get the same code.
   */
  @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
  public boolean specificIssueCode(BaseServerResponseException answer) {
    withSpecificIssueCode(answer);
    return true;
  }

  static BaseServerResponseException withSpecificIssueCode(BaseServerResponseException answer) {
    int status = answer.getStatusCode();
    if (status == 422 || status >= 500) {
      return answer;
    }
    if (!(answer.getOperationOutcome() instanceof OperationOutcome)) {
      OperationOutcome outcome = new OperationOutcome();
      outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(answer.getMessage());
      answer.setOperationOutcome(outcome);
    }
    specificCodes((OperationOutcome) answer.getOperationOutcome(), status);
    return answer;
  }

  private static void specificCodes(OperationOutcome outcome, int status) {
    OperationOutcome.IssueType specific = OperationOutcome.IssueType.fromCode(OperationOutcomeResponses.issueCode(status));
    for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
      if (issue.getCode() == OperationOutcome.IssueType.PROCESSING || !issue.hasCode()) {
        issue.setCode(specific);
      }
    }
  }

  /**
   * A batch answers 200 with one outcome per entry; HAPI writes a failed entry's exception message into it,
   * database text included. Those outcomes get the same treatment as a whole answer's. An entry that failed
   * because the database time ran out (HAPI answers it 500 unless Sluis stopped it with 503) gets 503 with the
   * time-out answer (code {@code timeout}), as a request would.
   */
  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean withoutInternalsInBatchEntries(ResponseDetails response) {
    if (response != null && response.getResponseResource() instanceof Bundle bundle
        && (bundle.getType() == Bundle.BundleType.BATCHRESPONSE
            || bundle.getType() == Bundle.BundleType.TRANSACTIONRESPONSE)) {
      int timedOutEntries = 0;
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        if (entry.hasResponse() && entry.getResponse().getOutcome() instanceof OperationOutcome outcome) {
          int status = statusOf(entry.getResponse().getStatus());
          if (status == 503 || (status >= 500 && timedOut(outcome))) {
            entry.getResponse().setStatus("503 Service Unavailable");
            outcome.getIssue().clear();
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.TIMEOUT).setDiagnostics(ErrorClassifier.timeoutMessage());
            timedOutEntries++;
            continue;
          }
          for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
            if (ErrorText.revealsInternals(issue.getDiagnostics()) || (status >= 500 && issue.hasDiagnostics())) {
              issue.setDiagnostics(ErrorText.generic(status));
            }
          }
          if (status >= 400 && status < 500 && status != 422) {
            specificCodes(outcome, status);
          }
        }
      }
      if (timedOutEntries > 0) {
        log.warn("{} of {} entries answered 503: the database time ran out", timedOutEntries, bundle.getEntry().size());
      }
    }
    return true;
  }

  private static boolean timedOut(OperationOutcome outcome) {
    for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
      if (issue.hasDiagnostics() && ErrorClassifier.isTimeoutMessage(issue.getDiagnostics().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static int statusOf(String status) {
    try {
      return status == null || status.length() < 3 ? 500 : Integer.parseInt(status.substring(0, 3));
    } catch (NumberFormatException e) {
      return 500;
    }
  }

  private static boolean isPatch(RequestDetails request) {
    return request != null && request.getRestOperationType() == RestOperationTypeEnum.PATCH;
  }

  private static String hapiCode(String message) {
    if (message == null) {
      return "";
    }
    Matcher matcher = HAPI_CODE.matcher(message);
    return matcher.find() ? " " + matcher.group() : "";
  }

  static BaseServerResponseException withoutInternals(BaseServerResponseException answer) {
    int status = answer.getStatusCode();
    // 503 is ours (a time-out); every other 5xx message is an internal one.
    boolean leaks = (status >= 500 && status != 503) || answer.getMessage() == null
        || ErrorText.revealsInternals(answer.getMessage());
    if (answer.getOperationOutcome() instanceof OperationOutcome outcome) {
      for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
        if (ErrorText.revealsInternals(issue.getDiagnostics()) || (status >= 500 && issue.hasDiagnostics())) {
          issue.setDiagnostics(ErrorText.generic(status));
        }
      }
    }
    if (!leaks) {
      return answer;
    }
    BaseServerResponseException safe = status == 400
        ? new InvalidRequestException(ErrorText.generic(status))
        : new UnclassifiedServerFailureException(status, ErrorText.generic(status));
    safe.setOperationOutcome(answer.getOperationOutcome());
    if (answer.hasResponseHeaders()) {
      answer.getResponseHeaders().forEach((name, values) -> values.forEach(v -> safe.addResponseHeader(name, v)));
    }
    return safe;
  }
}
