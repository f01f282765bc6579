package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.ISearchCoordinatorSvc;
import ca.uhn.fhir.jpa.partition.IRequestPartitionHelperSvc;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import java.util.Arrays;
import javax.sql.DataSource;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/** Wires disclosure decisions into the FHIR server (after authentication and scopes). */
@Configuration
public class DisclosureConfiguration {

  @Bean
  ClientParties clientParties(DataSource dataSource) {
    ClientParties parties = new ClientParties(dataSource);
    parties.createIfMissing();
    return parties;
  }

  @Bean
  public DisclosureService disclosureService(DaoRegistry daos, FhirContext fhir, DisclosureProperties properties,
      @Value("${sluis.organization.ura}") String ownUra, DataSource dataSource,
      IInterceptorService storageInterceptors, ClientParties parties) {
    DecisionInputCache cache = null;
    if (properties.isEnabled()) {
      DecisionInputVersions versions = new DecisionInputVersions(dataSource);
      versions.createIfMissing();
      // Every node marks what it writes, also one that does not cache itself: other nodes may.
      ClientInputSnapshots snapshots = new ClientInputSnapshots(daos, properties.getTimeZone(), versions);
      storageInterceptors.registerInterceptor(new DecisionInputChanges(versions, snapshots, parties));
      // Size 0 keeps nothing in memory; the stored snapshots are still used.
      cache = new DecisionInputCache(versions, snapshots, properties.getClientCacheSize());
    }
    return new DisclosureService(daos, fhir, properties, ownUra, cache);
  }

  /** After start-up, so that the first requests do not wait for it (see {@link ClientSnapshotBackfill}). */
  @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
  public void backfillSnapshots(org.springframework.boot.context.event.ApplicationReadyEvent ready) {
    DisclosureProperties properties = ready.getApplicationContext().getBean(DisclosureProperties.class);
    if (properties.isSnapshotBackfill()) {
      ready.getApplicationContext().getBean(DisclosureService.class).snapshots()
          .ifPresent(snapshots -> {
            snapshots.allowBackfill();
            snapshots.backfillInBackground();
          });
    }
  }

  /** Fills the table of client parties from the stored Consents and CareTeams once (a database of an earlier build). */
  @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
  public void backfillClientParties(org.springframework.boot.context.event.ApplicationReadyEvent ready) {
    ClientParties parties = ready.getApplicationContext().getBean(ClientParties.class);
    DaoRegistry daos = ready.getApplicationContext().getBean(DaoRegistry.class);
    Thread thread = new Thread(() -> {
      try {
        parties.backfill(daos);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(ClientParties.class).warn(
            "Parties named by consents and care teams not all read; searches that name no client stay unlimited: {}", e.toString());
      }
    }, "sluis-client-parties-backfill");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  @Bean
  @Order(20)
  public FhirServerCustomizer disclosureInterceptors(DisclosureService service, DisclosureProperties properties,
      FhirContext fhir, DataSource dataSource, DaoRegistry daos,
      @Value("${sluis.organization.ura}") String ownUra, Environment environment,
      ISearchCoordinatorSvc<?> searches, IRequestPartitionHelperSvc partitions,
      nl.sluis.conformance.ConformanceValidator validator, ca.uhn.fhir.jpa.searchparam.MatchUrlService matchUrls,
      org.springframework.beans.factory.ObjectProvider<SelfPagedView> selfPaged,
      ca.uhn.fhir.jpa.api.config.JpaStorageSettings storage, ca.uhn.fhir.jpa.api.svc.IIdHelperService<?> ids,
      ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService transactions, ClientParties parties,
      ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc searchCache,
      ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor searchParamExtractor,
      ca.uhn.fhir.rest.server.util.ISearchParamRegistry searchParams, ca.uhn.fhir.batch2.api.IJobCoordinator jobs) {
    if (!properties.isEnabled() && !Arrays.asList(environment.getActiveProfiles()).contains("dev")) {
      throw new IllegalStateException("sluis.disclosure.enabled=false is only allowed with the 'dev' profile");
    }
    return server -> {
      // What a legal ground rests on is checked whatever the decisions: it is the record's integrity.
      server.registerInterceptor(new LegalGroundWeighingRule(service, properties.getTimeZone()));
      if (properties.isEnabled()) {
        server.registerInterceptor(new ConsentInterceptor(new DisclosureConsentService(service)));
        SearchPageOwners pageOwners = new SearchPageOwners(dataSource, DecisionInputVersions.isPostgres(dataSource),
            java.time.Clock.systemUTC());
        pageOwners.createIfMissing();
        server.registerInterceptor(new SearchPageOwnership(pageOwners));
        server.registerInterceptor(new OwnWrites());
        server.registerInterceptor(new ReadPathGuard(service));
        server.registerInterceptor(new WritePathGuard(service));
        ConditionalMatches conditionalMatches = new ConditionalMatches(service, matchUrls,
            properties.getMaxConditionalCandidates());
        server.registerInterceptor(conditionalMatches);
        server.registerInterceptor(new IdentifierChains(service, properties.getMaxConditionalCandidates()));
        server.registerInterceptor(new BundleEntryGuard(service, conditionalMatches));
        server.registerInterceptor(new ClientAttributionOnWrite(service));
        // Restricted requesters' searches are filtered before they are paged; these keep pages and links honest.
        server.setPagingProvider(new RestrictedPagingProvider(server.getPagingProvider()));
        server.registerInterceptor(new VisibleNextLink(searches, partitions));
        server.registerInterceptor(new SynchronousSearchRefusal(service, selfPaged.orderedStream().toList()));
        StoredSearchResults stored = new StoredSearchResults(searches, searchCache, partitions);
        server.registerInterceptor(new VisibleCounts(service, selfPaged.orderedStream().toList(), stored));
        server.registerInterceptor(new TypeHistory(service));
        server.registerInterceptor(new HasResolution(service, matchUrls, searchParamExtractor, stored,
            properties.getMaxHasMatches()));
        if (properties.isLeaveHiddenClientsOutOfSearches()) {
          RequesterClientsOnly requesterClientsOnly = new RequesterClientsOnly(parties, daos, fhir,
              new ClientReferences(fhir), new ClientSearchParameter(searchParams, jobs, java.time.Clock.systemUTC()),
              properties.getMaxClientsInNarrowedSearch());
          server.registerInterceptor(new HiddenClientsOutOfSearches(service, ids, transactions,
              storage.getResourceClientIdStrategy() == ca.uhn.fhir.jpa.api.config.JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC
                  && storage.getResourceServerIdStrategy() == ca.uhn.fhir.jpa.api.config.JpaStorageSettings.IdStrategyEnum.SEQUENTIAL_NUMERIC,
              requesterClientsOnly, new VeryRestrictedOutOfSearches(requesterClientsOnly)));
        }
        server.registerProvider(new ExplainDisclosureOperation(service, ownUra, new DraftPolicies(validator)));
        server.registerProvider(new OrganisationPolicyOperation(service));
        AnonymisedSummaries summaries = new AnonymisedSummaries(service, fhir, properties.getTimeZone());
        server.registerProvider(new AnonymisedSummaryOperation(summaries));
        server.registerProvider(new AdviceRequestOperation(summaries, new AdviceRequests(daos), daos, fhir));
      }
    };
  }
}
