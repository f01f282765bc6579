package nl.sluis.server;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.common.KeyValue;
import java.util.Set;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Spring labels every request to HAPI's servlet {@code uri="UNKNOWN"} in {@code http.server.requests} (no
 * Spring MVC handler, so no pattern). FHIR requests get a template instead — {@code /fhir/Patient/{id}},
 * {@code /fhir/Observation/$operation}, {@code /fhir/{type}/{id}/_history/{vid}} — built from closed sets
 * only (resource types this server knows, FHIR's path keywords), never from ids or invented names.
 */
public final class FhirUriTemplates extends DefaultServerRequestObservationConvention {

  private static final String BASE = "/fhir";
  private final Set<String> resourceTypes;

  public FhirUriTemplates(FhirContext fhir) {
    this.resourceTypes = Set.copyOf(fhir.getResourceTypes());
  }

  @Override
  protected KeyValue uri(ServerRequestObservationContext context) {
    String path = context.getCarrier().getRequestURI();
    String contextPath = context.getCarrier().getContextPath();
    if (path != null && contextPath != null && path.startsWith(contextPath)) {
      path = path.substring(contextPath.length());
    }
    if (path == null || !(path.equals(BASE) || path.startsWith(BASE + "/"))) {
      return super.uri(context);
    }
    return KeyValue.of("uri", template(path.substring(BASE.length())));
  }

  String template(String rest) {
    String[] parts = rest.replaceFirst("^/+", "").split("/", -1);
    if (parts.length == 0 || parts[0].isEmpty()) {
      return BASE;
    }
    String first = parts[0];
    if (parts.length == 1 && (first.equals("metadata") || first.equals("_history") || first.equals("_search")
        || first.equals(".well-known"))) {
      return BASE + "/" + first;
    }
    if (first.startsWith("$")) {
      return BASE + "/$operation";
    }
    if (!resourceTypes.contains(first)) {
      return BASE + "/{other}";
    }
    StringBuilder template = new StringBuilder(BASE).append('/').append(first);
    if (parts.length == 1) {
      return template.toString();
    }
    template.append('/').append(keyword(parts[1], "{id}"));
    if (parts.length == 2) {
      return template.toString();
    }
    template.append('/').append(keyword(parts[2], "{other}"));
    if (parts.length == 3) {
      return template.toString();
    }
    return template.append(parts.length == 4 && "_history".equals(parts[2]) ? "/{vid}" : "/{other}").toString();
  }

  private static String keyword(String part, String otherwise) {
    if (part.startsWith("$")) {
      return "$operation";
    }
    return part.equals("_history") || part.equals("_search") ? part : otherwise;
  }
}
