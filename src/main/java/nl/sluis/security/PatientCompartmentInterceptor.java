package nl.sluis.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import nl.sluis.security.SmartScope.Level;
import nl.sluis.security.SmartScope.Permission;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * Keeps a request granted only by {@code patient/} scopes inside that patient's compartment: searches
 * are narrowed before they run (HAPI's {@link SearchNarrowingInterceptor}), anything else outside the
 * compartment is treated as not there on reads and refused on writes.
 */
@Interceptor
public class PatientCompartmentInterceptor extends SearchNarrowingInterceptor {

  @Override
  protected AuthorizedList buildAuthorizedList(RequestDetails request) {
    RequesterContext requester = RequesterContext.of(request).orElse(null);
    String type = request.getResourceName();
    if (requester == null || type == null || requester.patientContext() == null) {
      return null;
    }
    boolean patientOnly = requester.scopes().grant(type, Permission.SEARCH)
        .map(level -> level == Level.PATIENT).orElse(false);
    return patientOnly ? new AuthorizedList().addCompartment(requester.patientContext()) : null;
  }

  @Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
  public void hideOutsideCompartment(RequestDetails request, IPreResourceAccessDetails details) {
    String patient = patientOnly(request);
    if (patient == null) {
      return;
    }
    for (int i = 0; i < details.size(); i++) {
      if (!inCompartment(request, details.getResource(i), patient)) {
        details.setDontReturnResourceAtIndex(i);
      }
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void create(IBaseResource resource, RequestDetails request) {
    refuseOutsideCompartment(request, resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void update(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    refuseOutsideCompartment(request, previous);
    refuseOutsideCompartment(request, updated);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void delete(IBaseResource resource, RequestDetails request) {
    refuseOutsideCompartment(request, resource);
  }

  private static void refuseOutsideCompartment(RequestDetails request, IBaseResource resource) {
    String patient = patientOnly(request);
    if (patient != null && !inCompartment(request, resource, patient)) {
      throw new ForbiddenOperationException(
          Messages.text("scope.patientCompartment", patient));
    }
  }

  private static String patientOnly(RequestDetails request) {
    return request == null ? null : (String) request.getUserData().get(ScopeEnforcementInterceptor.PATIENT_ONLY);
  }

  private static boolean inCompartment(RequestDetails request, IBaseResource resource, String patient) {
    IdType patientId = new IdType(patient);
    if ("Patient".equals(resource.fhirType()) && resource.getIdElement().hasIdPart()) {
      return patientId.getIdPart().equals(resource.getIdElement().getIdPart());
    }
    return request.getFhirContext().newTerser().isSourceInCompartmentForTarget("Patient", resource, patientId);
  }
}
