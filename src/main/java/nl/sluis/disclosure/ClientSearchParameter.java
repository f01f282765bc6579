package nl.sluis.disclosure;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Sluis's {@code client} search parameter ({@code profiles/SearchParameter-client.json}): every element of a client
 * data type that may refer to a Patient, so a search on it finds a record that names its client only in
 * {@code focus}, {@code performer}, {@code author}, … as well as one naming it in {@code subject}.
 *
 * <p>It can be relied on only once every stored record is indexed for it. On a database that held records before
 * the parameter was installed (an upgrade), HAPI indexes them in a REINDEX job; until no such job is unfinished the
 * parameter is reported unusable and callers keep to the type's own {@code patient}/{@code subject} parameter. The
 * job table is looked at once per {@link #RECHECK} at most.
 */
final class ClientSearchParameter {

  static final String CODE = "client";
  static final Duration RECHECK = Duration.ofSeconds(30);
  private static final String REINDEX = "REINDEX";
  private static final Set<StatusEnum> UNFINISHED = StatusEnum.getNotEndedStatuses();

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
      indexed = jobs.getJobInstancesByJobDefinitionIdAndStatuses(REINDEX, UNFINISHED, 1, 0).isEmpty();
      recheckAfter = now.plus(RECHECK);
    }
    return indexed;
  }
}
