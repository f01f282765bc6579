package nl.sluis.assessment;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import java.time.ZoneId;
import nl.sluis.conformance.ConformanceValidator;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import nl.sluis.server.ReferenceTargets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The concern and assessment workflow: {@code $extract}, automatic extraction of completed responses, the
 * concern stage default, the consent rule for talks with the client's network, and the inform-the-client tasks.
 */
@Configuration
public class AssessmentConfiguration {

  @Bean
  public FindingExtraction findingExtraction(DaoRegistry daos, ConformanceValidator validator,
      AssessmentProperties properties, FhirContext fhir, IIdHelperService<?> ids) {
    return new FindingExtraction(new QuestionnaireLookup(daos),
        new FindingStore(daos, new ReferenceTargets(fhir, ids)), validator,
        properties.isValidateFindings());
  }

  @Bean
  @Order(30)
  public FhirServerCustomizer assessmentInterceptors(DaoRegistry daos, FindingExtraction extraction,
      ConformanceValidator validator, AssessmentProperties properties,
      @Value("${sluis.disclosure.time-zone:Europe/Amsterdam}") String timeZone) {
    return server -> {
      server.registerInterceptor(new ConcernStatusDefault());
      server.registerInterceptor(new AnswerTypeCheck(extraction.questionnaires()));
      server.registerInterceptor(new NetworkContactRule(daos, ZoneId.of(timeZone)));
      server.registerInterceptor(new VerwijsindexSignalRule(daos, ZoneId.of(timeZone),
          properties.getVerwijsindex().getMinAge(), properties.getVerwijsindex().getMaxAge()));
      server.registerInterceptor(new InformClientInterceptor(daos, properties.getInformClientWithin(),
          ZoneId.of(timeZone)));
      if (properties.isAutoExtract()) {
        server.registerInterceptor(new AutoExtractInterceptor(extraction));
      }
      server.registerProvider(new ExtractOperation(daos, extraction, validator));
    };
  }
}
