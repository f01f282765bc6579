package nl.sluis.server;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * HAPI's interceptor service logs every exception an interceptor throws at ERROR with a stack trace, also
 * the deliberate refusals (401, 403, 404 for a hidden record, 422): noise that hides real errors and costs
 * a stack trace per refused request. Those 4xx, and the 503 of a request whose database time ran out, are dropped
 * from that one logger; other 5xx and anything that is not a FHIR response exception are still logged.
 */
@Component
public class ExpectedRefusalLogFilter extends TurboFilter implements ApplicationListener<ApplicationStartedEvent> {

  static final String INTERCEPTOR_LOGGER = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == Level.ERROR && INTERCEPTOR_LOGGER.equals(logger.getName()) && isClientError(t, params)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  private static boolean isClientError(Throwable thrown, Object[] params) {
    Throwable candidate = thrown;
    if (candidate == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
      candidate = last; // SLF4J style: the throwable as the last argument
    }
    return candidate instanceof BaseServerResponseException e
        && (e.getStatusCode() < 500 || isDatabaseTimeCheckpoint(e));
  }

  /**
   * A request stopped by {@link RequestDatabaseTimeCheckpoints} once its database time ran out: deliberate, and in a
   * batch once per remaining entry. The request is logged by SafeErrorInterceptor (a batch as one line).
   */
  private static boolean isDatabaseTimeCheckpoint(BaseServerResponseException e) {
    return e.getStatusCode() == 503 && ErrorClassifier.isTimeoutAnswer(e.getMessage());
  }

  /** Registered after Spring Boot has (re)configured logging, which would drop an earlier filter. */
  @Override
  public void onApplicationEvent(ApplicationStartedEvent event) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && !context.getTurboFilterList().contains(this)) {
      start();
      context.addTurboFilter(this);
    }
  }
}
