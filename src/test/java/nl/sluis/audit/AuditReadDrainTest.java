package nl.sluis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Which requests drain the audit backlog first: those that may read AuditEvents, and only those. */
class AuditReadDrainTest {

  @Test
  void aWriteBundleThatCannotReadAuditEventsDoesNotDrain() {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    bundle.addEntry().setResource(new Observation().setSubject(new Reference("Patient/1")))
        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation?subject=Patient/1");
    assertThat(drains(bundle)).isFalse();
  }

  @Test
  void bundleEntriesThatMayReadAuditEventsDrain() {
    assertThat(drains(read("AuditEvent?patient=Patient/1"))).isTrue();
    assertThat(drains(read("Patient?_revinclude=*"))).isTrue();
    assertThat(drains(read("Patient/1/$everything"))).isTrue();
    assertThat(drains(read("_search?name=x"))).as("system-level search").isTrue();
    assertThat(drains(read("?_type=Observation&code=x"))).as("system-level, AuditEvent left out").isFalse();
    Bundle conditional = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    conditional.addEntry().setResource(new Observation()).getRequest().setMethod(Bundle.HTTPVerb.POST)
        .setUrl("Observation").setIfNoneExist("AuditEvent?patient=Patient/1");
    assertThat(drains(conditional)).isTrue();
    Bundle matchUrl = new Bundle().setType(Bundle.BundleType.BATCH);
    matchUrl.addEntry().setResource(new Observation().addDerivedFrom(new Reference("AuditEvent?entity=x")))
        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    assertThat(drains(matchUrl)).isTrue();
  }

  @Test
  void plainRequests() {
    assertThat(AuditReadDrain.mayReadAuditEvents(request("AuditEvent", "AuditEvent?date=2026"),
        RestOperationTypeEnum.SEARCH_TYPE)).isTrue();
    assertThat(AuditReadDrain.mayReadAuditEvents(request("Observation", "Observation?subject=Patient/1"),
        RestOperationTypeEnum.SEARCH_TYPE)).isFalse();
    SystemRequestDetails typed = request(null, "?_type=Patient");
    typed.setParameters(Map.of("_type", new String[] {"Patient"}));
    assertThat(AuditReadDrain.mayReadAuditEvents(typed, RestOperationTypeEnum.SEARCH_SYSTEM)).isFalse();
    assertThat(AuditReadDrain.mayReadAuditEvents(request(null, "?name=x"), RestOperationTypeEnum.SEARCH_SYSTEM))
        .isTrue();
  }

  private static Bundle read(String url) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
    bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(url);
    return bundle;
  }

  private static boolean drains(Bundle bundle) {
    SystemRequestDetails request = request(null, "");
    request.setResource(bundle);
    return AuditReadDrain.mayReadAuditEvents(request, RestOperationTypeEnum.TRANSACTION);
  }

  private static SystemRequestDetails request(String type, String url) {
    SystemRequestDetails request = new SystemRequestDetails();
    request.setResourceName(type);
    request.setCompleteUrl("http://localhost/fhir/" + url);
    request.setParameters(Map.of());
    return request;
  }
}
