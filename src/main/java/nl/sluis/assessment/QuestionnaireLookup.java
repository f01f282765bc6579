package nl.sluis.assessment;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.hl7.fhir.r4.model.Questionnaire;

/**
 * Finds the stored Questionnaire a response answers, by its canonical ({@code url} or {@code url|version}).
 * Kept for a minute: Questionnaires change rarely, and every submitted response would otherwise search for it.
 */
final class QuestionnaireLookup {

  private final DaoRegistry daos;
  private final Cache<String, Optional<Questionnaire>> cache =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(1_000).build();

  QuestionnaireLookup(DaoRegistry daos) {
    this.daos = daos;
  }

  Optional<Questionnaire> find(String canonical) {
    if (canonical == null || canonical.isBlank()) {
      return Optional.empty();
    }
    return cache.get(canonical, this::load);
  }

  private Optional<Questionnaire> load(String canonical) {
    int bar = canonical.indexOf('|');
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Questionnaire.SP_URL, new UriParam(bar < 0 ? canonical : canonical.substring(0, bar)));
    if (bar >= 0) {
      map.add(Questionnaire.SP_VERSION, new TokenParam(canonical.substring(bar + 1)));
    }
    return daos.getResourceDao(Questionnaire.class).search(map, new SystemRequestDetails()).getAllResources()
        .stream().map(Questionnaire.class::cast).findFirst();
  }
}
