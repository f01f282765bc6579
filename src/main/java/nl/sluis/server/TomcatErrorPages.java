package nl.sluis.server;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link OperationOutcomeErrorReportValve} in place of Tomcat's HTML error report, also the one Spring
 * Boot adds itself, so that no error answer anywhere is an HTML page.
 */
@Component
public class TomcatErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> {
      Container parent = context.getParent();
      if (parent instanceof StandardHost host) {
        host.setErrorReportValveClass(OperationOutcomeErrorReportValve.class.getName());
        for (Valve valve : host.getPipeline().getValves()) {
          if (valve instanceof ErrorReportValve && !(valve instanceof OperationOutcomeErrorReportValve)) {
            host.getPipeline().removeValve(valve);
          }
        }
      }
    });
  }

  /** After Spring Boot's own customizer, which adds a plain ErrorReportValve. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
