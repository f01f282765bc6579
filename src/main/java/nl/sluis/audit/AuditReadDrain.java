package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Arrays;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;

/**
 * Read-your-writes for plain FHIR requests: before a request that may read AuditEvents is handled, every
 * event logged so far (on any node) is stored as a resource ({@link AuditMaterialiser#drain()}). Such
 * requests: anything on the AuditEvent type (read, search, history, compartment searches), anything naming
 * AuditEvent in its URL ({@code _type}, {@code _include}/{@code _revinclude}) or including with a wildcard,
 * {@code $everything}, system-level searches and history unless {@code _type} leaves AuditEvent out, and
 * transactions and batches with such an entry (a read, or a conditional URL or match-URL reference on
 * AuditEvent). Drains cost the whole backlog (stored at background priority while the CPU is busy), so
 * requests that cannot read AuditEvents — an EHR's write bundle above all — must not pay for it.
 */
@Interceptor
public class AuditReadDrain {

  private static final String TYPE = "AuditEvent";
  private static final Set<RestOperationTypeEnum> SYSTEM_LEVEL = Set.of(RestOperationTypeEnum.SEARCH_SYSTEM,
      RestOperationTypeEnum.HISTORY_SYSTEM);
  private final AuditMaterialiser materialiser;

  AuditReadDrain(AuditMaterialiser materialiser) {
    this.materialiser = materialiser;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void beforeHandling(RequestDetails request, RestOperationTypeEnum operation) {
    if (mayReadAuditEvents(request, operation)) {
      materialiser.drain();
    }
  }

  static boolean mayReadAuditEvents(RequestDetails request, RestOperationTypeEnum operation) {
    if (operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH) {
      return !(request.getResource() instanceof Bundle bundle) || bundle.getEntry().stream().anyMatch(
          entry -> entryMayRead(entry) || mentionsAuditEvent(entry));
    }
    if (TYPE.equals(request.getResourceName()) || "$everything".equals(request.getOperation())) {
      return true;
    }
    if (SYSTEM_LEVEL.contains(operation)) {
      String[] types = request.getParameters().get("_type");
      return types == null || Arrays.stream(types).anyMatch(t -> t.contains(TYPE));
    }
    return mayRead(request.getCompleteUrl());
  }

  /** A URL that names AuditEvent, includes with a wildcard, or asks for a patient's everything. */
  private static boolean mayRead(String url) {
    return url != null && (url.contains(TYPE) || url.contains("*") || url.contains("$everything"));
  }

  /** A read entry at system level (no resource type first) may search every type. */
  private static boolean entryMayRead(Bundle.BundleEntryComponent entry) {
    Bundle.HTTPVerb method = entry.getRequest().getMethod();
    if (method != Bundle.HTTPVerb.GET && method != Bundle.HTTPVerb.HEAD) {
      return false;
    }
    String url = entry.getRequest().getUrl() == null ? "" : entry.getRequest().getUrl();
    boolean systemLevel = url.isEmpty() || !Character.isUpperCase(url.charAt(0));
    return systemLevel && !url.contains("_type=") || mayRead(url);
  }

  /** Conditional URLs, match-URL references or an AuditEvent resource in a write entry. */
  private static boolean mentionsAuditEvent(Bundle.BundleEntryComponent entry) {
    Bundle.BundleEntryRequestComponent call = entry.getRequest();
    return mayRead(call.getUrl()) || mayRead(call.getIfNoneExist())
        || entry.getResource() != null && (TYPE.equals(entry.getResource().fhirType())
            || FhirContext.forR4Cached().newTerser()
                .getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class).stream()
                .anyMatch(reference -> reference.getReference() != null && reference.getReference().startsWith(TYPE + "?")));
  }
}
