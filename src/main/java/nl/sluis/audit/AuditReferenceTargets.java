package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.jpa.model.cross.IResourceLookup;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * Resolves the resources a batch of AuditEvents refers to in one query, and hands them to HAPI the way its
 * own transaction processing does (as resolved ids in the {@link TransactionDetails} the creates share).
 * Without it every reference of every event is a separate lookup, each preceded by a flush of the
 * session: most of what storing an event cost. Targets deleted since the decision are included.
 */
final class AuditReferenceTargets {

  private final FhirContext fhir;
  @SuppressWarnings("rawtypes")
  private final IIdHelperService ids;

  AuditReferenceTargets(FhirContext fhir, IIdHelperService<?> ids) {
    this.fhir = fhir;
    this.ids = ids;
  }

  @SuppressWarnings("unchecked")
  void resolveInto(List<AuditEvent> events, TransactionDetails details) {
    Set<IIdType> targets = new LinkedHashSet<>();
    var terser = fhir.newTerser();
    for (AuditEvent event : events) {
      for (Reference reference : terser.getAllPopulatedChildElementsOfType(event, Reference.class)) {
        if (!reference.hasReference()) {
          continue;
        }
        IIdType id = new IdType(reference.getReference());
        if (id.hasResourceType() && id.hasIdPart() && !id.isAbsolute()) {
          targets.add(id.toUnqualifiedVersionless());
        }
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    // Deleted targets too: the event records what was decided, possibly long before it is stored here, and a
    // resource deleted since must not keep it from being stored (HAPI refuses new links to deleted resources).
    Map<IIdType, IResourceLookup<?>> found = ids.resolveResourceIdentities(RequestPartitionId.allPartitions(),
        targets, ResolveIdentityMode.includeDeleted().noCacheUnlessDeletesDisabled());
    found.forEach((id, lookup) -> details.addResolvedResourceId(id, lookup.getPersistentId()));
  }
}
