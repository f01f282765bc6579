package nl.sluis.console;

import ca.uhn.fhir.context.FhirContext;
import nl.sluis.disclosure.DisclosureService;
import nl.sluis.disclosure.OrganisationPolicyOperation;
import nl.sluis.server.WarmUpReadiness;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs what the privacy officer's first sign-in asks the database once at start-up, so the first officer does not
 * pay for it: the policy in force and its versions ({@code Consent/$organisation-policy}, as console.js asks),
 * read and encoded as JSON. Readiness waits for it ({@link WarmUpReadiness}).
 */
@Configuration
public class ConsoleWarmUp {

  private static final int WARM_UP_ROUNDS = 5; // enough for the JIT's first tier on this path

  @Bean
  public ApplicationRunner consoleQueriesWarmUp(DisclosureService disclosure, FhirContext fhirContext,
      WarmUpReadiness warmUps) {
    return args -> warmUps.runInBackground("console", () -> {
      for (int i = 0; i < WARM_UP_ROUNDS; i++) {
        fhirContext.newJsonParser().encodeResourceToString(OrganisationPolicyOperation.asSystem(disclosure));
      }
    });
  }
}
