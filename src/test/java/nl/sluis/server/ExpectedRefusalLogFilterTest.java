package nl.sluis.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class ExpectedRefusalLogFilterTest {

  private final ExpectedRefusalLogFilter filter = new ExpectedRefusalLogFilter();
  private final LoggerContext context = new LoggerContext();
  private final Logger interceptors = context.getLogger(ExpectedRefusalLogFilter.INTERCEPTOR_LOGGER);

  @Test
  void refusalsAreDroppedFromHapisInterceptorLogger() {
    assertThat(filter.decide(null, interceptors, Level.ERROR, "x", null, new ResourceNotFoundException("gone")))
        .isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, interceptors, Level.ERROR, "x {}", new Object[] {new ResourceNotFoundException("gone")}, null))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void serverErrorsAndOtherLoggersStay() {
    assertThat(filter.decide(null, interceptors, Level.ERROR, "x", null, new InternalErrorException("audit failed")))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, interceptors, Level.ERROR, "x", null, new IllegalStateException("bug")))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, context.getLogger("nl.sluis"), Level.ERROR, "x", null,
        new ResourceNotFoundException("gone"))).isEqualTo(FilterReply.NEUTRAL);
  }
}
