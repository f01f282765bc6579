package nl.sluis.server;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.Environment;

/**
 * Finds the {@code hapi.fhir.*} keys Sluis does not honour. People bring configuration from the HAPI JPA
 * starter; a key Sluis ignores (e.g. {@code hapi.fhir.subscription.*}) must not look as if it worked. Every
 * {@code hapi.fhir.*} key is read by {@link FhirServerProperties} alone, so "honoured" means "bound there": a
 * binding of it records what it used, and every other {@code hapi.fhir.*} key of every property source (yaml,
 * arguments, environment variables) is unhonoured. (Spring's {@code NoUnboundElementsBindHandler} compares names
 * only and so reports honoured environment variables such as {@code HAPI_FHIR_SERVER_ADDRESS}.)
 */
public final class UnhonouredHapiKeys {

  private static final Logger log = LoggerFactory.getLogger(UnhonouredHapiKeys.class);

  private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("hapi.fhir");

  private UnhonouredHapiKeys() {}

  /** The unhonoured keys as written, with where each comes from, e.g. {@code hapi.fhir.mdm_enabled (from ...)}. */
  public static List<String> in(Environment environment) {
    Set<ConfigurationPropertyName> boundNames = new HashSet<>();
    Set<String> boundKeys = new HashSet<>();
    BindHandler recordBound = new AbstractBindHandler() {
      @Override
      public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
        ConfigurationProperty property = context.getConfigurationProperty();
        if (property != null) {
          boundNames.add(property.getName());
          boundKeys.add(asWritten(property));
        }
        return result;
      }
    };
    try {
      new Binder(ConfigurationPropertySources.get(environment))
          .bind(PREFIX, Bindable.ofInstance(new FhirServerProperties()), recordBound);
    } catch (BindException e) {
      return List.of(); // a value that does not convert: binding FhirServerProperties fails with Spring's message
    }
    // Honoured: bound by name, or its very key was bound (an environment variable's name maps to several forms,
    // and a key overridden by a higher source is honoured through that one).
    Set<String> unhonoured = new TreeSet<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        iterable.filter(PREFIX::isAncestorOf).stream()
            .map(source::getConfigurationProperty)
            .filter(p -> p != null && !boundNames.contains(p.getName()) && !boundKeys.contains(asWritten(p)))
            .forEach(p -> unhonoured.add(describe(p)));
      }
    }
    return List.copyOf(unhonoured);
  }

  /** Logs one WARN per unhonoured key. */
  public static void warn(Environment environment) {
    in(environment).forEach(key -> log.warn("Configuration key {} is not honoured by Sluis and has no effect", key));
  }

  private static String asWritten(ConfigurationProperty property) {
    return property.getOrigin() instanceof PropertySourceOrigin origin
        ? origin.getPropertySource().getName() + "\u0000" + origin.getPropertyName()
        : property.getName().toString();
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
