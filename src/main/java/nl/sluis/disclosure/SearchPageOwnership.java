package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Result pages serve only the requester whose search made them (on every node: ownership is stored in the
 * shared database). Another requester's page link would show results decided for someone else.
 */
@Interceptor
public class SearchPageOwnership {

  private static final String PAGING = "_getpages";
  private final SearchPageOwners owners;

  SearchPageOwnership(SearchPageOwners owners) {
    this.owners = owners;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void onlyTheSearcher(RequestDetails request, RestOperationTypeEnum operation) {
    if (operation != RestOperationTypeEnum.GET_PAGE) {
      return;
    }
    String[] ids = request.getParameters().get(PAGING);
    if (ids == null || ids.length == 0 || !owners.isOwnedBy(ids[0], owner(request))) {
      throw new ResourceGoneException(Messages.text("paging.searchGone"));
    }
  }

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public void rememberSearcher(RequestDetails request, IBaseResource response) {
    if (response instanceof Bundle bundle && bundle.getLink("next") != null) {
      String next = bundle.getLink("next").getUrl();
      int at = next.indexOf(PAGING + "=");
      if (at >= 0) {
        owners.remember(next.substring(at + PAGING.length() + 1).split("&")[0], owner(request));
      }
    }
  }

  private static String owner(RequestDetails request) {
    return RequesterContext.of(request)
        .map(r -> r.organizationUra() + "|" + r.userId() + "|" + r.fhirUser() + "|" + r.purposeOfUse()
            + "|" + r.clientId())
        .orElse("anonymous");
  }
}
