package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What a request itself wrote. A transaction re-reads what it has just written (to rewrite references) before
 * it commits: that is the requester's own content, not a disclosure, and not a hidden record to refuse.
 */
@Interceptor
public class OwnWrites {

  private static final String CREATED_HERE = OwnWrites.class.getName() + ".created";
  private static final String WRITTEN_HERE = OwnWrites.class.getName() + ".written";

  /** Creates the per-request sets up front, before HAPI may use parallel threads for batch entries. */
  static void prepare(RequestDetails request) {
    createdHere(request);
    writtenHere(request);
  }

  /** Remembers a resource object this request is about to store (HAPI shows it to the access hooks first). */
  static void storing(RequestDetails request, IBaseResource resource) {
    writtenHere(request).add(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void rememberCreated(IBaseResource created, RequestDetails request) {
    if (request != null && created.getIdElement().hasIdPart()) {
      createdHere(request).add(created.fhirType() + "/" + created.getIdElement().getIdPart());
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void rememberUpdated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    rememberCreated(updated, request);
  }

  /** Whether this request itself wrote the resource (its own content, already allowed). */
  static boolean writtenByThisRequest(RequestDetails request, IBaseResource stored) {
    Object created = request.getUserData().get(CREATED_HERE);
    Object written = request.getUserData().get(WRITTEN_HERE);
    return (written != null && ((Set<?>) written).contains(stored))
        || (created != null && stored.getIdElement().hasIdPart()
            && ((Set<?>) created).contains(stored.fhirType() + "/" + stored.getIdElement().getIdPart()));
  }

  /** Whether {@code Type/id} is a record this request created (ids are assigned on storage, so compared now). */
  static boolean createdByThisRequest(RequestDetails request, String reference) {
    Object created = request.getUserData().get(CREATED_HERE);
    if (created != null && ((Set<?>) created).contains(reference)) {
      return true;
    }
    Object written = request.getUserData().get(WRITTEN_HERE);
    if (written == null) {
      return false;
    }
    synchronized (written) {
      for (Object resource : (Set<?>) written) {
        IBaseResource stored = (IBaseResource) resource;
        if (stored.getIdElement().hasIdPart()
            && reference.equals(stored.fhirType() + "/" + stored.getIdElement().getIdPart())) {
          return true;
        }
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static Set<IBaseResource> writtenHere(RequestDetails request) {
    return (Set<IBaseResource>) request.getUserData().computeIfAbsent(WRITTEN_HERE,
        key -> Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>())));
  }

  @SuppressWarnings("unchecked")
  private static Set<String> createdHere(RequestDetails request) {
    return (Set<String>) request.getUserData().computeIfAbsent(CREATED_HERE, key -> ConcurrentHashMap.newKeySet());
  }
}
