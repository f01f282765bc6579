package nl.sluis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * AuditEvent resources that earlier versions stored in HAPI's tables (the former second copy) are never
 * returned by HAPI on any path ({@code _revinclude}, {@code _include=*}, {@code $everything}, history): the
 * log answers for AuditEvents. Only needed on a database that holds such copies: the hook makes HAPI load
 * every matched resource before its page is chosen (a second load, for every search), so it is registered
 * first and withdrawn at start-up when HAPI's tables hold no AuditEvent ({@link AppendOnlyGuard} keeps it so).
 */
@Interceptor
public class FormerAuditEventCopies {

  private static final String TYPE = "AuditEvent";

  @Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
  public void hide(IPreResourceAccessDetails details) {
    for (int i = 0; i < details.size(); i++) {
      IBaseResource resource = details.getResource(i);
      if (resource != null && TYPE.equals(resource.fhirType())) {
        details.setDontReturnResourceAtIndex(i);
      }
    }
  }

  /**
   * At start-up, once HAPI's schema exists: keeps hiding when HAPI's tables hold an AuditEvent (current or
   * deleted version), else withdraws the hook (nothing can add one later: {@link AppendOnlyGuard}).
   */
  void decideAtStartUp(IInterceptorService storage, JdbcTemplate jdbc) {
    boolean needed = !jdbc.queryForList("SELECT 1 FROM HFJ_RESOURCE WHERE RES_TYPE = ? FETCH FIRST 1 ROWS ONLY",
        Integer.class, TYPE).isEmpty();
    boolean registered = storage.getAllRegisteredInterceptors().contains(this);
    if (needed && !registered) {
      storage.registerInterceptor(this);
    } else if (!needed && registered) {
      storage.unregisterInterceptor(this);
    }
  }
}
