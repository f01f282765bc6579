package nl.sluis.conformance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs our packages into the server's own storage, so that the JPA layer knows them: SearchParameters
 * become searchable (HAPI's registry picks up stored active SearchParameters), CodeSystems are indexed for
 * {@code $lookup}/{@code $expand}/{@code $validate-code}, and profiles can be read and used by clients.
 *
 * <p>Each resource is written with update-by-id (its id in the package is its id on the server), which is
 * idempotent: an unchanged resource is not even a new version. A package whose content hash equals the one
 * recorded at its last install is skipped altogether, so a second start with nothing changed costs one query.
 * The hash is recorded only after every resource of the package is stored: a start that fails half-way
 * simply installs again next time. (HAPI's own {@code IPackageInstallerSvc} was not used: it needs a packed
 * tarball, decides "already installed" by version rather than content, and keeps a second copy of the package
 * in its NPM tables.)
 */
public final class PackageInstaller {

  private static final Logger log = LoggerFactory.getLogger(PackageInstaller.class);

  private final DaoRegistry daos;
  private final InstalledPackages installed;
  private final ITermDeferredStorageSvc deferredTerminology;
  private final ISearchParamRegistry searchParams;

  PackageInstaller(DaoRegistry daos, InstalledPackages installed, ITermDeferredStorageSvc deferredTerminology,
      ISearchParamRegistry searchParams) {
    this.daos = daos;
    this.installed = installed;
    this.deferredTerminology = deferredTerminology;
    this.searchParams = searchParams;
  }

  /** Installs the packages that changed; returns how many did. Packages come in dependency order. */
  public int installChanged(List<ConformancePackage> packages) {
    int count = 0;
    boolean registryReady = false;
    for (ConformancePackage pkg : packages) {
      if (installed.installedHash(pkg.name()).filter(pkg.contentHash()::equals).isPresent()) {
        log.info("FHIR package {} already installed, unchanged", pkg);
        continue;
      }
      if (!registryReady) {
        // Storing indexes against the active SearchParameters; HAPI loads them on a scheduled refresh that a busy
        // start-up may not have run yet ("HAPI-0511: SearchParamRegistry has not been initialized").
        searchParams.forceRefresh();
        registryReady = true;
      }
      long start = System.nanoTime();
      pkg.resources().forEach(this::store);
      // CodeSystem concepts may be queued for deferred indexing; terminology operations need them now.
      deferredTerminology.saveAllDeferred();
      installed.recordInstalled(pkg);
      log.info("FHIR package {} installed in {} ms", pkg, (System.nanoTime() - start) / 1_000_000);
      count++;
    }
    if (count > 0) {
      searchParams.forceRefresh();
    }
    return count;
  }

  @SuppressWarnings("unchecked")
  private void store(IBaseResource resource) {
    if (!resource.getIdElement().hasIdPart()) {
      throw new IllegalStateException("A package resource needs an id: " + resource.fhirType());
    }
    IFhirResourceDao<IBaseResource> dao = daos.getResourceDao(resource.fhirType());
    SystemRequestDetails request = new SystemRequestDetails();
    if (resource instanceof SearchParameter parameter && nothingToReindex(parameter)) {
      // HAPI would queue a REINDEX job per SearchParameter, which on a fresh database finds nothing yet but
      // then works through whatever is loaded next, competing with it (seen in the benchmarks).
      request.getUserData().put(JpaConstants.SKIP_REINDEX_ON_UPDATE, Boolean.TRUE);
    }
    // A copy: storing sets meta on the object, and the original is shared with the validation chain.
    dao.update(((Resource) resource).copy(), request);
  }

  /** True when no resource of the parameter's base types is stored yet (a generic base always reindexes). */
  private boolean nothingToReindex(SearchParameter parameter) {
    List<String> bases = parameter.getBase().stream().map(CodeType::getCode).toList();
    if (bases.isEmpty() || bases.contains("Resource") || bases.contains("DomainResource")) {
      return false;
    }
    return !installed.storesAnyOf(bases);
  }
}
