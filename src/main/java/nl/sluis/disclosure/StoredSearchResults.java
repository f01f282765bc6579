package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.model.ReadPartitionIdRequestDetails;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.svc.ISearchCoordinatorSvc;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.model.search.SearchStatusEnum;
import ca.uhn.fhir.jpa.partition.IRequestPartitionHelperSvc;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Reads a restricted requester's stored search result list (visible matches only: HAPI decided each row before it
 * stored it) to its end. HAPI answers a range short both at the end and at the end of a search pass, when its
 * stored total (which can count hidden rows, see {@link RestrictedPagingProvider}) says the range is covered; only
 * a finished search's short answer is the end, so a short answer of an unfinished one is asked again for a range
 * twice as long, which makes HAPI start the next pass.
 */
final class StoredSearchResults {

  /** Reads the range [from, to) of a search and answers how many results it found there. */
  interface RangeReader {
    int read(int from, int to);
  }

  /** Result ids read per step; the list is read in steps, never held whole. */
  static final int STEP = 1000;
  private static final int MAX_STEPS = 100_000;
  private final ISearchCoordinatorSvc<?> searches;
  private final ISearchCacheSvc searchCache;
  private final IRequestPartitionHelperSvc partitions;

  StoredSearchResults(ISearchCoordinatorSvc<?> searches, ISearchCacheSvc searchCache,
      IRequestPartitionHelperSvc partitions) {
    this.searches = searches;
    this.searchCache = searchCache;
    this.partitions = partitions;
  }

  /** How many results the search stored, read to its end. */
  int count(RequestDetails request, String searchId) {
    RequestPartitionId partition = partition(request, searchId);
    return readToEnd(request, searchId, (from, to) -> searches.getResources(searchId, from, to, request, partition).size());
  }

  /** Reads the search's results in steps with {@code reader}; answers how many there were. */
  int readToEnd(RequestDetails request, String searchId, RangeReader reader) {
    RequestPartitionId partition = partition(request, searchId);
    int read = 0;
    int step = STEP;
    for (int steps = 0; steps < MAX_STEPS; steps++) {
      int found = reader.read(read, read + step);
      read += found;
      if (found == step) {
        step = STEP;
        continue;
      }
      boolean finished = searchCache.fetchByUuid(searchId, partition).map(Search::getStatus)
          .map(status -> status == SearchStatusEnum.FINISHED).orElse(true);
      if (finished) {
        return read;
      }
      step = (int) Math.min(Integer.MAX_VALUE - (long) read, step * 2L);
    }
    throw new IllegalStateException("Search " + searchId + " did not end");
  }

  private RequestPartitionId partition(RequestDetails request, String searchId) {
    return partitions.determineReadPartitionForRequest(request, ReadPartitionIdRequestDetails.forSearchUuid(searchId));
  }
}
