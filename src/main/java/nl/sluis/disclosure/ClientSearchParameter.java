package nl.sluis.disclosure;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluis's {@code client} search parameter ({@code profiles/SearchParameter-client.json}): every element of a client
 * data type that may refer to a Patient, so a search on it finds a record that names its client only in
 * {@code focus}, {@code performer}, {@code author}, … as well as one naming it in {@code subject}.
 *
 * <p>It can be relied on only once every stored record is indexed for it. On a database that held records before
 * the parameter was installed (an upgrade), HAPI indexes them in a REINDEX job; until no such job is unfinished the
 * parameter is reported unusable and callers keep to the type's own {@code patient}/{@code subject} parameter. The
 * job table is looked at once per {@link #RECHECK} at most. A REINDEX job that ended FAILED or CANCELLED (with no
 * completed one after it) leaves older records unindexed while no job is unfinished: that is logged as a warning
 * each time the parameter becomes usable (a permitted record missing from a limited search, never one too many).
 */
final class ClientSearchParameter {

  static final String CODE = "client";
  static final Duration RECHECK = Duration.ofSeconds(30);
  private static final String REINDEX = "REINDEX";
  private static final Set<StatusEnum> UNFINISHED = StatusEnum.getNotEndedStatuses();
  private static final Set<StatusEnum> ENDED = Set.of(StatusEnum.COMPLETED, StatusEnum.FAILED, StatusEnum.CANCELLED);
  private static final Logger LOG = LoggerFactory.getLogger(ClientSearchParameter.class);

  private final ISearchParamRegistry registry;
  private final IJobCoordinator jobs;
  private final Clock clock;
  private volatile Instant recheckAfter = Instant.MIN;
  private volatile boolean indexed;

  ClientSearchParameter(ISearchParamRegistry registry, IJobCoordinator jobs, Clock clock) {
    this.registry = registry;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** True when a search of this type may be limited on {@code client}: it is a base, and no reindex is under way. */
  boolean usableFor(String type) {
    return registry.getActiveSearchParam(type, CODE, ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH) != null
        && indexed();
  }

  private boolean indexed() {
    Instant now = clock.instant();
    if (now.isAfter(recheckAfter)) {
      boolean wasIndexed = indexed;
      indexed = jobs.getJobInstancesByJobDefinitionIdAndStatuses(REINDEX, UNFINISHED, 1, 0).isEmpty();
      recheckAfter = now.plus(RECHECK);
      if (indexed && !wasIndexed) {
        warnAboutReindexesThatDidNotComplete();
      }
    }
    return indexed;
  }

  /** The ended REINDEX jobs (up to 100) that failed or were cancelled after the last one that completed. */
  List<JobInstance> reindexesThatDidNotComplete() {
    List<JobInstance> ended = jobs.getJobInstancesByJobDefinitionIdAndStatuses(REINDEX, ENDED, 100, 0);
    Date lastCompleted = ended.stream().filter(job -> job.getStatus() == StatusEnum.COMPLETED)
        .map(JobInstance::getEndTime).filter(java.util.Objects::nonNull).max(Date::compareTo).orElse(null);
    return ended.stream().filter(job -> job.getStatus() != StatusEnum.COMPLETED)
        .filter(job -> lastCompleted == null || job.getEndTime() == null || job.getEndTime().after(lastCompleted))
        .toList();
  }

  private void warnAboutReindexesThatDidNotComplete() {
    for (JobInstance job : reindexesThatDidNotComplete()) {
      LOG.warn("HAPI's REINDEX job {} ended {} at {} and none completed after it: records stored before Sluis's"
          + " `client` search parameter existed may not be indexed for it, so a restricted requester's search naming"
          + " no client can miss them (it never shows more). Start $reindex again (README, Schema).",
          job.getInstanceId(), job.getStatus(), job.getEndTime());
    }
  }
}
