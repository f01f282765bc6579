package nl.sluis.disclosure;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import jakarta.annotation.Nonnull;
import jakarta.annotation.Nullable;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Result pages ({@code _getpages}) of a restricted requester's search have no known size. HAPI's stored
 * search total counts hidden matches once a search pass loads more than one batch of rows with hidden ones
 * among them (its {@code SearchTask} subtracts only the last batch's blocked rows), and HAPI uses that total
 * to clamp a page offset the client chose and to decide the {@code next} link: pages past the last visible
 * match would come back empty with a next link, and an offset beyond the end would echo the hidden count in
 * the links. Without a size, HAPI takes the client's offset as it is and links to a next page only when it
 * fetched one more visible match than the page holds (the stored result list holds visible matches only).
 */
final class RestrictedPagingProvider implements IPagingProvider {

  private final IPagingProvider hapi;

  RestrictedPagingProvider(IPagingProvider hapi) {
    this.hapi = hapi;
  }

  @Override
  public int getDefaultPageSize() {
    return hapi.getDefaultPageSize();
  }

  @Override
  public int getMaximumPageSize() {
    return hapi.getMaximumPageSize();
  }

  @Override
  public boolean canStoreSearchResults() {
    return hapi.canStoreSearchResults();
  }

  @Override
  public IBundleProvider retrieveResultList(@Nullable RequestDetails request, @Nonnull String searchId) {
    return restricted(request, hapi.retrieveResultList(request, searchId));
  }

  @Override
  public IBundleProvider retrieveResultList(@Nullable RequestDetails request, @Nonnull String searchId,
      String pageId) {
    return restricted(request, hapi.retrieveResultList(request, searchId, pageId));
  }

  @Override
  public String storeResultList(@Nullable RequestDetails request, IBundleProvider results) {
    return hapi.storeResultList(request, results);
  }

  private static IBundleProvider restricted(RequestDetails request, IBundleProvider results) {
    if (results == null || request == null || DisclosureRequest.of(request).isEmpty()) {
      return results; // unknown search (HAPI answers 410), trusted systems, public requests
    }
    return new SizeUnknown(results);
  }

  /** HAPI's result list without its size; offsets past any real page answer an empty page. */
  private static final class SizeUnknown implements IBundleProvider {

    private final IBundleProvider results;

    SizeUnknown(IBundleProvider results) {
      this.results = results;
    }

    @Override
    public Integer size() {
      return null;
    }

    @Nonnull
    @Override
    public List<IBaseResource> getResources(int from, int to, @Nonnull ResponsePage.ResponsePageBuilder page) {
      // HAPI asks its store for one more than the page (to + 1): an offset a client made up near the largest
      // int would overflow there. No stored search is that long.
      if (from < 0 || to < from || to >= Integer.MAX_VALUE - 1) {
        page.setTotalRequestedResourcesFetched(0);
        return new java.util.ArrayList<>();
      }
      return results.getResources(from, to, page);
    }

    @Nonnull
    @Override
    public List<IBaseResource> getResources(int from, int to) {
      return getResources(from, to, new ResponsePage.ResponsePageBuilder());
    }

    @Override
    public IPrimitiveType<java.util.Date> getPublished() {
      return results.getPublished();
    }

    @Override
    public String getUuid() {
      return results.getUuid();
    }

    @Override
    public Integer preferredPageSize() {
      return results.preferredPageSize();
    }

    @Override
    public String getCurrentPageId() {
      return results.getCurrentPageId();
    }

    @Override
    public String getNextPageId() {
      return results.getNextPageId();
    }

    @Override
    public String getPreviousPageId() {
      return results.getPreviousPageId();
    }

    @Override
    public Integer getCurrentPageOffset() {
      return results.getCurrentPageOffset();
    }

    @Override
    public Integer getCurrentPageSize() {
      return results.getCurrentPageSize();
    }
  }
}
