package nl.sluis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Arrays;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Only the privacy officer and trusted systems may search AuditEvents. The disclosure engine already hides
 * every AuditEvent from everyone else ({@code AuditTrailAccess}), but a search whose matches are all hidden
 * still tells how many there are — a page link to a next page of hidden events would confirm that events
 * name, say, {@code Observation/123}, and so that a record with that id exists. Refusing the search itself,
 * whatever it asks, answers the same for every record. Includes and {@code $everything} add no pages of
 * their own; a read by id of a hidden event answers 404 like a missing one.
 */
@Interceptor
public class AuditTrailSearchGuard {

  private static final String TYPE = "AuditEvent";
  private final AuditAccess access;

  AuditTrailSearchGuard(AuditAccess access) {
    this.access = access;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void refuseSearches(RequestDetails request, RestOperationTypeEnum operation) {
    RequesterContext requester = RequesterContext.of(request).orElse(null);
    if (requester == null || access.isPrivacyOfficerOrTrusted(requester) || !searchesAuditEvents(request, operation)) {
      return;
    }
    throw new ForbiddenOperationException(Messages.text("audit.searchClosed"));
  }

  private static boolean searchesAuditEvents(RequestDetails request, RestOperationTypeEnum operation) {
    return switch (operation) {
      case SEARCH_TYPE -> TYPE.equals(request.getResourceName());
      case SEARCH_SYSTEM -> {
        String[] types = request.getParameters().get("_type");
        yield types != null && Arrays.stream(types).anyMatch(AuditTrailSearchGuard::namesAuditEvent);
      }
      case TRANSACTION, BATCH -> request.getResource() instanceof Bundle bundle
          && bundle.getEntry().stream().anyMatch(AuditTrailSearchGuard::searchEntry);
      default -> false;
    };
  }

  /** A GET entry searching AuditEvent: {@code AuditEvent?…}, {@code AuditEvent/_search}, or {@code ?_type=…}. */
  private static boolean searchEntry(Bundle.BundleEntryComponent entry) {
    Bundle.HTTPVerb method = entry.getRequest().getMethod();
    String url = entry.getRequest().getUrl();
    if (method != Bundle.HTTPVerb.GET && method != Bundle.HTTPVerb.HEAD || url == null) {
      return false;
    }
    String path = url.split("\\?", 2)[0].replaceFirst("^/+", "");
    boolean typeSearch = path.equals(TYPE) || path.equals(TYPE + "/_search");
    boolean systemSearch = (path.isEmpty() || path.equals("_search")) && url.contains("_type=")
        && Arrays.stream(url.split("[?&]")).filter(p -> p.startsWith("_type="))
            .anyMatch(AuditTrailSearchGuard::namesAuditEvent);
    return typeSearch || systemSearch;
  }

  private static boolean namesAuditEvent(String types) {
    return Arrays.stream(types.replace("_type=", "").split("[,%2C]+")).anyMatch(TYPE::equals);
  }
}
