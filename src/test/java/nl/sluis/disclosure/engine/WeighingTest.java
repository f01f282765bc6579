package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A legal ground counts only on its weighing (afweging): present, of the kind the ground needs, completed,
 * every condition answered yes, recorded by an allowed role, not after the ground.
 */
class WeighingTest {

    private final DisclosureEngine engine = engine();

    private DisclosureDecision decide(Ground ground) {
        return engine.decide(veiligThuis(), observation("o1"), clientAged(30), List.of(ground), TODAY);
    }

    private static Ground.Builder ground(LegalGroundCode code, Weighing weighing) {
        return Ground.legalGround("Consent/lg", code).status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.practitioner(TREATING_PSYCHIATRIST, PSYCHIATRIST))
                .deliberation("QuestionnaireResponse/weighing-1").weighing(weighing)
                .period(DateRange.of(TODAY.minusDays(10), TODAY.plusDays(19)))
                .provision(Provision.permit().recipient(Party.organisation(VEILIG_THUIS_URA)).purposes("THREAT")
                        .classes("Observation"));
    }

    private static Weighing with(WeighingType type, boolean completed, boolean allMet, Instant authored, String role) {
        return new Weighing("QuestionnaireResponse/weighing-1", type, completed, allMet, authored, role);
    }

    private static void assertNotUsed(DisclosureDecision d, String why) {
        assertThat(d.isDisclosed()).isFalse();
        assertThat(d.basis()).contains(Basis.groundNotUsed("Consent/lg", why));
    }

    @ParameterizedTest
    @EnumSource(LegalGroundCode.class)
    void aValidWeighingOfTheGroundsKindIsUsed(LegalGroundCode code) {
        DisclosureDecision d = decide(ground(code, weighing(code.weighingType())).build());
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/lg", "provision"));
    }

    @Test
    void eachGroundMapsToItsKindOfWeighing() {
        assertThat(LegalGroundCode.CONFLICT_OF_DUTIES.weighingType()).isEqualTo(WeighingType.CONFLICT_OF_DUTIES);
        assertThat(LegalGroundCode.LEGAL_DUTY.weighingType()).isEqualTo(WeighingType.STATUTORY);
        assertThat(LegalGroundCode.RIGHT_TO_REPORT.weighingType()).isEqualTo(WeighingType.STATUTORY);
        assertThat(LegalGroundCode.COMPELLING_INTEREST.weighingType()).isEqualTo(WeighingType.COMPELLING_INTEREST);
    }

    @Test
    void aReferenceThatLeadsToNoWeighingIsNotUsed() {
        assertNotUsed(decide(ground(LegalGroundCode.CONFLICT_OF_DUTIES, null).build()), GroundEvaluation.NO_WEIGHING);
    }

    @Test
    void noReferenceAtAllIsNotUsed() {
        assertNotUsed(decide(ground(LegalGroundCode.RIGHT_TO_REPORT, null).deliberation(null).build()),
                GroundEvaluation.NO_DELIBERATION);
    }

    @ParameterizedTest
    @EnumSource(LegalGroundCode.class)
    void aWeighingOfAnotherKindIsNotUsed(LegalGroundCode code) {
        for (WeighingType other : WeighingType.values()) {
            if (other != code.weighingType()) {
                assertNotUsed(decide(ground(code, weighing(other)).build()), GroundEvaluation.WEIGHING_WRONG_TYPE);
            }
        }
    }

    @Test
    void aConditionAnsweredNoMeansTheGroundIsNotUsed() {
        Weighing no = with(WeighingType.CONFLICT_OF_DUTIES, true, false, null, PSYCHIATRIST);
        assertNotUsed(decide(ground(LegalGroundCode.CONFLICT_OF_DUTIES, no).build()), GroundEvaluation.CONDITION_NOT_MET);
    }

    @Test
    void anIncompleteWeighingIsNotUsed() {
        Weighing draft = with(WeighingType.STATUTORY, false, true, null, PSYCHIATRIST);
        assertNotUsed(decide(ground(LegalGroundCode.LEGAL_DUTY, draft).build()), GroundEvaluation.WEIGHING_NOT_COMPLETED);
    }

    @Test
    void aWeighingByARoleThePolicyDoesNotAllowIsNotUsed() {
        Weighing byNurse = with(WeighingType.COMPELLING_INTEREST, true, true, null, NURSE);
        assertNotUsed(decide(ground(LegalGroundCode.COMPELLING_INTEREST, byNurse).build()),
                GroundEvaluation.WEIGHING_ROLE_NOT_ALLOWED);
        Weighing unknownRole = with(WeighingType.COMPELLING_INTEREST, true, true, null, null);
        assertNotUsed(decide(ground(LegalGroundCode.COMPELLING_INTEREST, unknownRole).build()),
                GroundEvaluation.WEIGHING_ROLE_NOT_ALLOWED);
    }

    @Test
    void aWeighingDatedAfterTheGroundIsNotUsed() {
        Instant recorded = TODAY.minusDays(10).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Weighing later = with(WeighingType.CONFLICT_OF_DUTIES, true, true, recorded.plusSeconds(60), PSYCHIATRIST);
        assertNotUsed(decide(ground(LegalGroundCode.CONFLICT_OF_DUTIES, later).recorded(recorded).build()),
                GroundEvaluation.WEIGHING_AFTER_GROUND);
        Weighing sameMoment = with(WeighingType.CONFLICT_OF_DUTIES, true, true, recorded, PSYCHIATRIST);
        assertThat(decide(ground(LegalGroundCode.CONFLICT_OF_DUTIES, sameMoment).recorded(recorded).build())
                .isDisclosed()).isTrue();
    }
}
