package nl.sluis.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Optional;
import nl.sluis.security.SmartScope.Level;
import nl.sluis.security.SmartScope.Permission;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Enforces SMART v2 scopes per interaction, including every entry of a batch or transaction: a token
 * without the needed scope gets 403 naming it. Resources reached indirectly (includes, paging, history,
 * $everything) are dropped when their type is not readable under the token's scopes.
 */
@Interceptor
public class ScopeEnforcementInterceptor {

  /** Server operations that do their own authorisation and touch no resource data of the caller's scopes. */
  private static final java.util.Set<String> OWN_AUTHORISATION =
      java.util.Set.of(RequesterOperationProvider.OPERATION, "$explain-disclosure");
  static final String PATIENT_ONLY = ScopeEnforcementInterceptor.class.getName() + ".patientOnly";

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void check(RequestDetails request, RestOperationTypeEnum operation) {
    if (operation == RestOperationTypeEnum.METADATA) {
      return;
    }
    if (operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER
        && OWN_AUTHORISATION.contains(request.getOperation())) {
      RequesterContext.of(request).orElseThrow(() -> new AuthenticationException(Messages.text("token.required")));
      return; // $requester shows the caller's own token; $explain-disclosure checks the role itself
    }
    RequesterContext requester = RequesterContext.of(request)
        .orElseThrow(() -> new AuthenticationException(Messages.text("token.required")));
    String type = request.getResourceName();
    switch (operation) {
      case CREATE -> need(request, requester, type, Permission.CREATE);
      case READ, VREAD, HISTORY_INSTANCE, META -> need(request, requester, type, Permission.READ);
      case UPDATE, PATCH, META_ADD, META_DELETE -> need(request, requester, type, Permission.UPDATE);
      case DELETE -> need(request, requester, type, Permission.DELETE);
      case SEARCH_TYPE, HISTORY_TYPE -> need(request, requester, type, Permission.SEARCH);
      case SEARCH_SYSTEM -> systemSearch(request, requester);
      case HISTORY_SYSTEM -> need(request, requester, "*", Permission.SEARCH);
      case GET_PAGE -> {
        if (!requester.scopes().any(Permission.SEARCH)) {
          throw missing(Messages.text("scope.aSearchScope"));
        }
      }
      case TRANSACTION, BATCH -> bundleEntries(request, requester);
      case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE -> operationOnType(request, requester, type);
      default -> needEverything(request, requester);
    }
  }

  /** Drops indirectly reached resources whose type the token may not read. */
  @Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
  public void dropUnreadableTypes(RequestDetails request, IPreResourceAccessDetails details) {
    if (request == null) {
      return;
    }
    Optional<RequesterContext> requester = RequesterContext.of(request);
    if (requester.isEmpty()) {
      return;
    }
    SmartScopes scopes = requester.get().scopes();
    if (scopes.grant("*", Permission.READ).isPresent() || scopes.grant("*", Permission.SEARCH).isPresent()) {
      return; // every type is readable: asking for a resource would make HAPI load all matches first
    }
    for (int i = 0; i < details.size(); i++) {
      IBaseResource resource = details.getResource(i);
      String type = resource.fhirType();
      if (scopes.grant(type, Permission.READ).isEmpty() && scopes.grant(type, Permission.SEARCH).isEmpty()) {
        details.setDontReturnResourceAtIndex(i);
      }
    }
  }

  private static void systemSearch(RequestDetails request, RequesterContext requester) {
    String[] types = request.getParameters().get("_type");
    if (types == null || types.length == 0) {
      need(request, requester, "*", Permission.SEARCH);
      return;
    }
    for (String list : types) {
      for (String type : list.split(",")) {
        need(request, requester, type.trim(), Permission.SEARCH);
      }
    }
  }

  private static void operationOnType(RequestDetails request, RequesterContext requester, String type) {
    if ("$everything".equals(request.getOperation())) {
      need(request, requester, "*", Permission.READ);
      need(request, requester, "*", Permission.SEARCH);
      return;
    }
    need(request, requester, type, Permission.READ);
  }

  private static void needEverything(RequestDetails request, RequesterContext requester) {
    for (Permission permission : Permission.values()) {
      Optional<Level> grant = requester.scopes().grant("*", permission);
      if (grant.isEmpty() || grant.get() == Level.PATIENT) {
        throw missing(Messages.text("scope.serverOperation"));
      }
    }
  }

  private static void bundleEntries(RequestDetails request, RequesterContext requester) {
    if (!(request.getResource() instanceof Bundle bundle)) {
      return;
    }
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Bundle.BundleEntryRequestComponent call = entry.getRequest();
      if (call.getMethod() == null || call.getUrl() == null) {
        continue; // HAPI rejects such an entry itself
      }
      String url = call.getUrl();
      String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
      String[] parts = path.split("/");
      if (parts.length == 0) {
        needEverything(request, requester); // "/" (a nested batch or transaction): a system-level call
        continue;
      }
      String type = parts[0].isEmpty() && parts.length > 1 ? parts[1] : parts[0];
      if (type.startsWith("$")) {
        needEverything(request, requester);
        continue;
      }
      boolean instance = parts.length > 1 && !parts[1].startsWith("$") && !parts[1].equals("_history");
      Permission permission = switch (call.getMethod()) {
        case GET, HEAD -> instance ? Permission.READ : Permission.SEARCH;
        case POST -> Permission.CREATE;
        case PUT, PATCH -> Permission.UPDATE;
        case DELETE -> Permission.DELETE;
        default -> null;
      };
      if (permission != null) {
        need(request, requester, type, permission);
      }
    }
  }

  private static void need(RequestDetails request, RequesterContext requester, String type, Permission permission) {
    Optional<Level> grant = requester.scopes().grant(type, permission);
    if (grant.isEmpty()) {
      throw missing(Messages.text("scope.oneOfThree", SmartScopes.needed(Level.USER, type, permission),
          SmartScopes.needed(Level.SYSTEM, type, permission), SmartScopes.needed(Level.PATIENT, type, permission)));
    }
    if (grant.get() == Level.PATIENT) {
      if (requester.patientContext() == null) {
        throw new ForbiddenOperationException(Messages.text("scope.patientContextNeeded"));
      }
      request.getUserData().put(PATIENT_ONLY, requester.patientContext());
    }
  }

  private static ForbiddenOperationException missing(String scope) {
    return new ForbiddenOperationException(Messages.text("scope.insufficient", scope));
  }
}
