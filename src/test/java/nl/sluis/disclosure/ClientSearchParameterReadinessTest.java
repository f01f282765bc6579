package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
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
  private List<JobInstance> endedJobs = List.of();
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

  @Test
  void aReindexThatFailedAfterTheLastCompletedOneIsReported() {
    endedJobs = List.of(job("a", StatusEnum.COMPLETED, "2026-12-01T10:00:00Z"),
        job("b", StatusEnum.FAILED, "2026-11-30T10:00:00Z"), job("c", StatusEnum.CANCELLED, "2026-12-02T10:00:00Z"),
        job("d", StatusEnum.FAILED, "2026-12-03T10:00:00Z"));
    assertThat(parameter.reindexesThatDidNotComplete()).extracting(JobInstance::getInstanceId)
        .containsExactlyInAnyOrder("c", "d");
    endedJobs = List.of(job("b", StatusEnum.FAILED, "2026-11-30T10:00:00Z"));
    assertThat(parameter.reindexesThatDidNotComplete()).extracting(JobInstance::getInstanceId).containsExactly("b");
    endedJobs = List.of(job("b", StatusEnum.FAILED, "2026-11-30T10:00:00Z"),
        job("e", StatusEnum.COMPLETED, "2026-12-05T10:00:00Z"));
    assertThat(parameter.reindexesThatDidNotComplete()).as("a later reindex completed").isEmpty();
  }

  private static JobInstance job(String id, StatusEnum status, String ended) {
    JobInstance job = new JobInstance();
    job.setInstanceId(id);
    job.setStatus(status);
    job.setEndTime(java.util.Date.from(Instant.parse(ended)));
    return job;
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
          if (method.getName().equals("getJobInstancesByJobDefinitionIdAndStatuses") && "REINDEX".equals(args[0])
              && ((java.util.Set<?>) args[1]).contains(StatusEnum.FAILED)) {
            return endedJobs.stream().filter(job -> ((java.util.Set<?>) args[1]).contains(job.getStatus())).toList();
          }
          if (method.getName().equals("getJobInstancesByJobDefinitionIdAndStatuses") && "REINDEX".equals(args[0])) {
            lookups.incrementAndGet();
            return unfinishedJobs.get() > 0 ? List.of(new JobInstance()) : List.of();
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
