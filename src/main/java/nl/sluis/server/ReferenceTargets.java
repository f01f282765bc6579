package nl.sluis.server;

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
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * Resolves the resources a batch of server-written resources refers to in one query, and hands them to HAPI
 * the way its own transaction processing does (as resolved ids in the {@link TransactionDetails} the
 * creates and updates of one database transaction share). Without it HAPI looks up every reference of
 * every resource separately, each lookup preceded by a flush of the session: most of what storing an audit
 * event or an assessment finding cost. Deleted targets are included: the batch records what was decided or
 * derived, possibly after a target was deleted (HAPI refuses new links to deleted resources).
 */
public final class ReferenceTargets {

  private final FhirContext fhir;
  @SuppressWarnings("rawtypes")
  private final IIdHelperService ids;

  public ReferenceTargets(FhirContext fhir, IIdHelperService<?> ids) {
    this.fhir = fhir;
    this.ids = ids;
  }

  @SuppressWarnings("unchecked")
  public void resolveInto(List<? extends IBaseResource> resources, TransactionDetails details) {
    Set<IIdType> targets = new LinkedHashSet<>();
    var terser = fhir.newTerser();
    for (IBaseResource resource : resources) {
      for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
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
    Map<IIdType, IResourceLookup<?>> found = ids.resolveResourceIdentities(RequestPartitionId.allPartitions(),
        targets, ResolveIdentityMode.includeDeleted().noCacheUnlessDeletesDisabled());
    found.forEach((id, lookup) -> details.addResolvedResourceId(id, lookup.getPersistentId()));
  }
}
