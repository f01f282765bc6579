package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import nl.sluis.disclosure.engine.Basis;
import nl.sluis.disclosure.engine.DisclosureDecision;
import nl.sluis.disclosure.engine.Obligation;
import nl.sluis.disclosure.engine.Outcome;
import org.junit.jupiter.api.Test;

/** What the engine decides versus what the server carries out (and audits). */
class CarriedOutDecisionTest {

  private static final Basis CONSENT = Basis.ground("Consent/1", "provision");

  @Test
  void permitsAndFreeTextRedactionAreCarriedOutAsDecided() {
    DisclosureDecision permit = DisclosureDecision.permit("ok", CONSENT);
    assertThat(DisclosureService.carriedOut(permit)).isSameAs(permit);
    DisclosureDecision redacted = new DisclosureDecision(Outcome.PERMIT_WITH_OBLIGATIONS,
        Set.of(Obligation.REDACT_FREE_TEXT), List.of(CONSENT), "parents");
    assertThat(DisclosureService.carriedOut(redacted)).isSameAs(redacted);
  }

  @Test
  void deidentifiedAndLabelRedactedAnswersBecomeDenialsWithTheOriginalBasis() {
    DisclosureDecision deidentify = DisclosureDecision.deidentify("research", CONSENT);
    DisclosureDecision carried = DisclosureService.carriedOut(deidentify);
    assertThat(carried.outcome()).isEqualTo(Outcome.DENY);
    assertThat(carried.basis()).contains(CONSENT).anyMatch(b -> b.ref().equals(DisclosureService.NOT_CARRIED_OUT));
    DisclosureDecision labels = new DisclosureDecision(Outcome.PERMIT_WITH_OBLIGATIONS,
        Set.of(Obligation.REDACT_LABELLED_ELEMENTS), List.of(CONSENT), "labels");
    assertThat(DisclosureService.carriedOut(labels).outcome()).isEqualTo(Outcome.DENY);
  }
}
