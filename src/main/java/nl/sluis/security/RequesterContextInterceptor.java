package nl.sluis.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Builds the {@link RequesterContext} once per FHIR request from the token Spring Security verified. */
@Interceptor
public class RequesterContextInterceptor {

  private final RequesterContextFactory factory;

  public RequesterContextInterceptor(RequesterContextFactory factory) {
    this.factory = factory;
  }

  // Runs before HAPI's search narrowing on the same pointcut, which reads the context.
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -1000)
  public boolean attach(RequestDetails request) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof JwtAuthenticationToken token) {
      try {
        factory.create(token.getToken()).attachTo(request);
      } catch (RequesterRejectedException rejected) {
        throw new ForbiddenOperationException(rejected.getMessage());
      }
    }
    return true;
  }
}
