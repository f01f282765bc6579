package nl.sluis.server.limits;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Applies the request bounds at the earliest point HAPI offers for each: the raw URL and headers before HAPI
 * parses them, the parameters before a handler runs, the parsed body before validation or storage, and the
 * result of a PATCH before it is validated and stored.
 */
@Interceptor(order = -1000)
public class RequestLimitsInterceptor {

  private final QueryLimits queryLimits;
  private final ResourceLimits resourceLimits;
  private final TransactionRules transactionRules;

  public RequestLimitsInterceptor(LimitsProperties limits) {
    this.queryLimits = new QueryLimits(limits);
    this.resourceLimits = new ResourceLimits(limits);
    this.transactionRules = new TransactionRules(queryLimits);
  }

  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED, order = -1000)
  public boolean checkRawRequest(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query != null) {
      QueryStrings.checkEscapes(query);
      QueryLimits.checkText(query);
    }
    HeaderRules.check(request);
    String ifNoneExist = request.getHeader("If-None-Exist");
    if (ifNoneExist != null) {
      queryLimits.check(QueryStrings.parse(ifNoneExist));
    }
    return true;
  }

  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -1000)
  public void checkParameters(RequestDetails request) {
    if (request.getParameters() != null && !request.getParameters().isEmpty()) {
      queryLimits.check(request.getParameters());
      SummaryTextRule.apply(request);
    }
  }

  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -1000)
  public void checkBody(RequestDetails request) {
    SubsumesInputRule.check(request);
    IBaseResource resource = request.getResource();
    if (resource == null) {
      return;
    }
    resourceLimits.check(resource);
    if (resource instanceof Bundle bundle) {
      transactionRules.check(bundle);
    }
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -1000)
  public void checkPatchResult(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    if (request != null && request.getRestOperationType() == RestOperationTypeEnum.PATCH) {
      resourceLimits.check(updated);
    }
  }
}
