package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code client} is relied on only for its base types, and only when no reindex job is unfinished. */
class ClientSearchParameterReadinessTest {

  private final AtomicInteger unfinishedJobs = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private Instant now = Instant.parse("2026-12-06T10:00:00Z");

  private final ClientSearchParameter parameter = new ClientSearchParameter(registry(), jobs(), new Clock() {
    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  });

  @Test
  void usableForItsBaseTypesOnceNoReindexIsUnderWay() {
    assertThat(parameter.usableFor("Observation")).isTrue();
    assertThat(parameter.usableFor("Organization")).as("not a base").isFalse();
  }

  @Test
  void notUsableWhileARecordsReindexRunsAndUsableOnceItEnded() {
    unfinishedJobs.set(1);
    assertThat(parameter.usableFor("Observation")).isFalse();
    unfinishedJobs.set(0);
    assertThat(parameter.usableFor("Observation")).as("the job table is not read again within the recheck").isFalse();
    now = now.plus(ClientSearchParameter.RECHECK).plusSeconds(1);
    assertThat(parameter.usableFor("Observation")).isTrue();
    assertThat(lookups.get()).isEqualTo(2);
  }

  private ISearchParamRegistry registry() {
    RuntimeSearchParam client = new RuntimeSearchParam(null, "http://sluis.nl/fhir/SearchParameter/client", "client",
        "", "Observation.focus", ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.REFERENCE, null,
        java.util.Set.of("Patient"), RuntimeSearchParam.RuntimeSearchParamStatusEnum.ACTIVE, java.util.List.of("Observation"));
    return (ISearchParamRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ISearchParamRegistry.class}, (proxy, method, args) -> {
          if (method.getName().equals("getActiveSearchParam")) {
            return "Observation".equals(args[0]) && "client".equals(args[1]) ? client : null;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private IJobCoordinator jobs() {
    return (IJobCoordinator) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {IJobCoordinator.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getJobInstancesByJobDefinitionIdAndStatuses") && "REINDEX".equals(args[0])) {
            lookups.incrementAndGet();
            return unfinishedJobs.get() > 0 ? List.of(new JobInstance()) : List.of();
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
