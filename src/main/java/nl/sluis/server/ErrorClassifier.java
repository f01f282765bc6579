package nl.sluis.server;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.Locale;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.exceptions.FHIRFormatError;
import org.hl7.fhir.exceptions.PathEngineException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Decides which FHIR answer an exception deserves, by what caused it rather than where it surfaced (HAPI
 * wraps causes in InternalErrorException, searches run on other threads and keep only the message).
 */
final class ErrorClassifier {

  private ErrorClassifier() {}

  static BaseServerResponseException classify(Throwable thrown, boolean patchRequest) {
    if (thrown instanceof BaseServerResponseException answer && answer.getStatusCode() < 500) {
      return answer;
    }
    for (Throwable cause = thrown; cause != null; cause = next(cause)) {
      BaseServerResponseException answer = classifyOne(cause);
      if (answer != null) {
        return answer;
      }
    }
    BaseServerResponseException byMessage = classifyByMessage(thrown);
    if (byMessage != null) {
      return byMessage;
    }
    if (patchRequest && !hasSqlCause(thrown)) {
      // A patch document is evaluated against the stored resource: whatever breaks there, the patch caused.
      return new InvalidRequestException(Messages.text("error.patchNotApplicable"));
    }
    return thrown instanceof BaseServerResponseException answer ? answer : new InternalErrorException("");
  }

  private static boolean hasSqlCause(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = next(cause)) {
      if (cause instanceof SQLException) {
        return true;
      }
    }
    return false;
  }

  private static Throwable next(Throwable cause) {
    Throwable next = cause.getCause();
    return next == cause ? null : next;
  }

  private static BaseServerResponseException classifyOne(Throwable cause) {
    if (cause instanceof BaseServerResponseException answer && answer.getStatusCode() < 500) {
      return answer;
    }
    if (cause instanceof SQLException sql && sql.getSQLState() != null) {
      return classifySqlState(sql.getSQLState());
    }
    String type = cause.getClass().getName();
    if (type.endsWith("TooCostlyException")) {
      return new UnprocessableEntityException(Messages.text("error.tooCostly"));
    }
    if (type.endsWith("QueryTimeoutException") || type.endsWith("TransactionTimedOutException")
        || type.endsWith("LockTimeoutException")) {
      return timeout();
    }
    if (cause instanceof StackOverflowError) {
      return new InvalidRequestException(Messages.text("error.nestedTooDeeply"));
    }
    if (cause instanceof DataFormatException || cause instanceof FHIRFormatError
        || cause instanceof PathEngineException) {
      // Parser messages say what is wrong (e.g. "Invalid date/time format"): kept unless they reveal internals.
      String message = cause.getMessage();
      return new InvalidRequestException(message == null || ErrorText.revealsInternals(message)
          ? Messages.text("error.invalidValueOrExpression") : message);
    }
    if (cause instanceof NumberFormatException || cause instanceof ArithmeticException
        || cause instanceof DateTimeException) {
      return new InvalidRequestException(Messages.text("error.invalidNumberOrDate"));
    }
    return null;
  }

  private static BaseServerResponseException classifySqlState(String state) {
    if (state.equals("57014")) {
      return timeout(); // PostgreSQL and H2: statement cancelled by the statement timeout
    }
    if (state.equals("22001")) {
      return new PayloadTooLargeException(Messages.text("error.valueTooLong"));
    }
    if (state.startsWith("22")) {
      return new InvalidRequestException(Messages.text("error.valueNotStorable"));
    }
    if (state.startsWith("23")) {
      return new ResourceVersionConflictException(Messages.text("error.conflictingWrite"));
    }
    if (state.startsWith("40")) {
      return new ResourceVersionConflictException(Messages.text("error.concurrentWrite"));
    }
    return null;
  }

  /** Searches fail on a background thread; what reaches the request is the failure's message only. */
  private static BaseServerResponseException classifyByMessage(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = next(cause)) {
      String message = cause.getMessage();
      if (message == null) {
        continue;
      }
      String lower = message.toLowerCase(Locale.ROOT);
      if (isTimeoutMessage(lower)) {
        return timeout();
      }
      if (lower.contains("invalid byte sequence") || lower.contains("0x00")
          || lower.contains("character not in repertoire") || lower.contains("out of range")
          || lower.contains("numeric field overflow")) {
        return new InvalidRequestException(Messages.text("error.valueNotStorable"));
      }
    }
    return null;
  }

  /**
   * A statement cancelled by the statement timeout or by its transaction's remaining time, or a transaction past the
   * request's database time: Hibernate's "transaction timeout expired", Spring's "Transaction timed out".
   */
  static boolean isTimeoutMessage(String lowerCaseMessage) {
    return lowerCaseMessage.contains("statement timeout") || lowerCaseMessage.contains("statement was canceled")
        || lowerCaseMessage.contains("canceling statement") || lowerCaseMessage.contains("query timeout")
        || lowerCaseMessage.contains("transaction timeout expired")
        || lowerCaseMessage.contains("transaction timed out");
  }

  static final String TIMEOUT_KEY = "error.databaseTimeout";

  /** The time-out's text in this request's language. */
  static String timeoutMessage() {
    return Messages.text(TIMEOUT_KEY);
  }

  /** Whether a message is the time-out's, in any language. */
  static boolean isTimeoutAnswer(String message) {
    return Messages.isTextOf(TIMEOUT_KEY, message, "");
  }

  /** 503 with an OperationOutcome of code {@code timeout} (HAPI would make one of code {@code processing}). */
  static BaseServerResponseException timeout() {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.TIMEOUT)
        .setDiagnostics(timeoutMessage());
    return new UnclassifiedServerFailureException(503, timeoutMessage(), outcome);
  }
}
