package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Disclosure without consent: recorded by an allowed role, with deliberation, narrow, short. */
class LegalGroundTest {

    private final DisclosureEngine engine = engine();
    private final ClientFacts teenager = clientAged(14);

    private DisclosureDecision decide(Ground ground) {
        return engine.decide(veiligThuis(), observation("o1"), teenager, List.of(ground), TODAY);
    }

    private static void assertNotUsed(DisclosureDecision d, String why) {
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.groundNotUsed("Consent/lg", why));
    }

    @Test
    void conflictOfDutiesPermitsTheMinimumNecessaryWithoutConsent() {
        DisclosureDecision d = decide(conflictOfDuties("Consent/lg").build());
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
        assertThat(d.obligations()).containsExactly(Obligation.MINIMUM_NECESSARY);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/lg", "provision.provision[0]"));
        assertThat(d.reason()).contains("CONFLICT_OF_DUTIES");
    }

    @ParameterizedTest
    @EnumSource(LegalGroundCode.class)
    void everyLegalGroundCodeWorksWithItsKindOfWeighing(LegalGroundCode code) {
        Ground ground = Ground.legalGround("Consent/lg", code).status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.practitioner(TREATING_PSYCHIATRIST, CLINICAL_PSYCHOLOGIST))
                .weighing(weighing(code.weighingType())).period(DateRange.of(TODAY, TODAY))
                .provision(Provision.permit().recipient(Party.organisation(VEILIG_THUIS_URA)).purposes("THREAT")
                        .data("Observation/o1")).build();
        DisclosureDecision d = decide(ground);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
        assertThat(d.reason()).contains(code.name());
    }

    @Test
    void recordedByARoleThePolicyDoesNotAllow() {
        Ground byNurse = Ground.legalGround("Consent/lg", LegalGroundCode.CONFLICT_OF_DUTIES)
                .status(GroundStatus.ACTIVE).client(CLIENT).performer(Party.practitioner(COLLEAGUE, NURSE))
                .weighing(weighing(WeighingType.CONFLICT_OF_DUTIES)).period(DateRange.of(TODAY, TODAY.plusDays(5)))
                .provision(Provision.permit().recipient(Party.organisation(VEILIG_THUIS_URA)).purposes("THREAT")
                        .classes("Observation")).build();
        assertNotUsed(decide(byNurse), GroundEvaluation.ROLE_NOT_ALLOWED);
    }

    @Test
    void recordedByTheClientIsNoLegalGround() {
        Ground byClient = conflictOfDuties("Consent/lg").build();
        Ground forged = Ground.legalGround("Consent/lg", LegalGroundCode.CONFLICT_OF_DUTIES).status(GroundStatus.ACTIVE)
                .client(CLIENT).performer(Party.patient(CLIENT)).weighing(weighing(WeighingType.CONFLICT_OF_DUTIES))
                .period(byClient.period()).provision(byClient.provision()).build();
        assertNotUsed(decide(forged), GroundEvaluation.ROLE_NOT_ALLOWED);
    }

    @Test
    void missingDeliberation() {
        assertNotUsed(decide(conflictOfDuties("Consent/lg").deliberation(null).build()), GroundEvaluation.NO_DELIBERATION);
        assertNotUsed(decide(conflictOfDuties("Consent/lg").deliberation(" ").build()), GroundEvaluation.NO_DELIBERATION);
    }

    @Test
    void openEndedPeriodIsNotNarrow() {
        assertNotUsed(decide(conflictOfDuties("Consent/lg").period(DateRange.from(TODAY.minusDays(1))).build()),
                GroundEvaluation.NOT_BOUNDED);
        assertNotUsed(decide(conflictOfDuties("Consent/lg").period(null).build()), GroundEvaluation.NOT_BOUNDED);
    }

    @Test
    void periodLongerThanThePolicyAllows() {
        Ground ninetyDays = conflictOfDuties("Consent/lg").period(DateRange.of(TODAY, TODAY.plusDays(89))).build();
        assertThat(decide(ninetyDays).outcome()).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
        Ground ninetyOneDays = conflictOfDuties("Consent/lg").period(DateRange.of(TODAY, TODAY.plusDays(90))).build();
        assertNotUsed(decide(ninetyOneDays), GroundEvaluation.TOO_LONG);
    }

    @Test
    void permitWithoutDataIsNotNarrow() {
        Ground broad = conflictOfDuties("Consent/lg").provision(Provision.permit()
                .recipient(Party.organisation(VEILIG_THUIS_URA)).purposes("THREAT")).build();
        assertNotUsed(decide(broad), GroundEvaluation.NOT_NARROW);
    }

    @Test
    void expiredLegalGround() {
        Ground expired = conflictOfDuties("Consent/lg").period(DateRange.of(TODAY.minusDays(20), TODAY.minusDays(1))).build();
        assertNotUsed(decide(expired), GroundEvaluation.OUT_OF_PERIOD);
    }

    @Test
    void legalGroundNeedsNoConsentWhateverTheAge() {
        for (int age : new int[] {5, 14, 17, 40}) {
            DisclosureDecision d = engine.decide(veiligThuis(), observation("o1"), clientAged(age),
                    List.of(conflictOfDuties("Consent/lg").build()), TODAY);
            assertThat(d.outcome()).as("age %d", age).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
        }
    }

    @Test
    void legalGroundForOneRecipientDoesNotReachAnother() {
        DisclosureDecision d = engine.decide(gp(), observation("o1"), teenager,
                List.of(conflictOfDuties("Consent/lg").build()), TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void legalGroundForObservationsDoesNotReachVeryRestrictedConcerns() {
        DisclosureDecision d = engine.decide(veiligThuis(), observation("c1", SecurityLabel.VERY_RESTRICTED), teenager,
                List.of(conflictOfDuties("Consent/lg").build()), TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        // The nested permit does not name very restricted data, so the ground's own root deny decides.
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/lg", "provision"));
    }
}
