package nl.sluis.server;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.Environment;

/**
 * Finds the {@code hapi.fhir.*} keys Sluis does not honour. People bring configuration from the HAPI JPA
 * starter; a key Sluis ignores (e.g. {@code hapi.fhir.subscription.*}) must not look as if it worked. Every
 * {@code hapi.fhir.*} key is read by {@link FhirServerProperties} alone, so "honoured" means "bound there":
 * Spring's own unbound-elements check answers it, for every property source (yaml, arguments, environment).
 */
public final class UnhonouredHapiKeys {

  private static final Logger log = LoggerFactory.getLogger(UnhonouredHapiKeys.class);

  private UnhonouredHapiKeys() {}

  /** The unhonoured keys as written, with where each comes from, e.g. {@code hapi.fhir.mdm_enabled (from ...)}. */
  public static List<String> in(Environment environment) {
    try {
      Binder.get(environment).bind("hapi.fhir", Bindable.ofInstance(new FhirServerProperties()),
          new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
      return List.of();
    } catch (BindException e) {
      if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
        return unbound.getUnboundProperties().stream().map(UnhonouredHapiKeys::describe).sorted().toList();
      }
      // A value that does not convert: the real binding of FhirServerProperties fails with Spring's message.
      return List.of();
    }
  }

  /** Logs one WARN per unhonoured key. */
  public static void warn(Environment environment) {
    in(environment).forEach(key -> log.warn("Configuration key {} is not honoured by Sluis and has no effect", key));
  }

  /** The key as it was written (Spring's own name for it is the normalised one), and where it was written. */
  private static String describe(ConfigurationProperty property) {
    if (property.getOrigin() instanceof PropertySourceOrigin origin) {
      return origin.getPropertyName() + " (from " + origin.getPropertySource().getName()
          + (origin.getOrigin() != null ? ", " + origin.getOrigin() : "") + ")";
    }
    return property.getName() + (property.getOrigin() != null ? " (from " + property.getOrigin() + ")" : "");
  }
}
