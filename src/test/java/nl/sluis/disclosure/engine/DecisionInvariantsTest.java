package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sweeps requesters x resources x client ages x ground sets x policies and checks what must hold for every
 * decision: a non-empty basis and reason, and no disclosure to anyone outside the organisation without a
 * ground, a law rule or an explicit policy rule behind it.
 */
class DecisionInvariantsTest {

    private static final SecurityLabel PSY = new SecurityLabel(SecurityLabel.ACT_CODE_SYSTEM, "PSY");

    @Test
    void everyDecisionHasABasisAndNoExternalDisclosureWithoutAGround() {
        List<DisclosureEngine> engines = List.of(engine(),
                new DisclosureEngine(policy().withAdolescentConsentMode(AdolescentConsentMode.CHILD_ONLY)
                        .withDeidentifiedPurposes("HRESCH").withAcceptedExternalPurposes("COC", "THREAT")));
        List<Requester> requesters = List.of(
                Requester.internal(OWN_URA, TREATING_PSYCHIATRIST, PSYCHIATRIST, "TREAT"),
                Requester.internal(OWN_URA, COLLEAGUE, NURSE, "TREAT"),
                Requester.internal(OWN_URA, COLLEAGUE, AANDACHTSFUNCTIONARIS, "TREAT"),
                Requester.internal(OWN_URA, COLLEAGUE, MEDICAL_SECRETARY, "TREAT"),
                gp(), veiligThuis(), Requester.external(OTHER_URA, "x", GP_ROLE, "HRESCH"),
                Requester.external(OWN_URA, COLLEAGUE, NURSE, "COC"),
                Requester.client(CLIENT), Requester.client(OTHER_CLIENT),
                Requester.relatedPerson(MOTHER), Requester.relatedPerson(FATHER_WITHOUT_AUTHORITY),
                Requester.relatedPerson(AUNT), Requester.relatedPerson(MENTOR));
        List<ResourceFacts> resources = List.of(
                observation("o1"), observation("o1", PSY), observation("c1", SecurityLabel.VERY_RESTRICTED, PSY),
                observation("o2", SecurityLabel.RELEASED_TO_PARENTS),
                observation("o3", SecurityLabel.THIRD_PARTY_INFORMATION),
                observation("o4").withElementLabels(SecurityLabel.THIRD_PARTY_INFORMATION, SecurityLabel.VERY_RESTRICTED),
                ResourceFacts.of("Condition", "k1", CLIENT, null),
                ResourceFacts.of("Questionnaire", "q1", null, null));
        List<ClientFacts> clients = new ArrayList<>();
        for (int age : new int[] {3, 11, 12, 15, 16, 17, 45}) {
            clients.add(clientAged(age));
            clients.add(clientLackingCapacity(TODAY.minusYears(age).minusDays(1)));
        }
        clients.add(client(null));
        List<List<Ground>> groundSets = groundSets();

        int decisions = 0;
        for (DisclosureEngine engine : engines) {
            for (Requester requester : requesters) {
                for (ResourceFacts resource : resources) {
                    for (ClientFacts client : clients) {
                        for (List<Ground> grounds : groundSets) {
                            DisclosureDecision d = engine.decide(requester, resource, client, grounds, TODAY);
                            decisions++;
                            assertThat(d.basis()).isNotEmpty();
                            assertThat(d.reason()).isNotBlank();
                            if (d.isDisclosed() && !requester.internal() && resource.isClientData()) {
                                assertThat(d.basis()).as("%s %s %s", requester, resource, d)
                                        .anyMatch(DecisionInvariantsTest::justifiesDisclosure);
                            }
                            if (d.isDisclosed() && requester.patientFacing() == null && !requester.internal()
                                    && resource.isVeryRestricted() && d.outcome() != Outcome.DEIDENTIFY) {
                                assertThat(d.basis().get(0).kind()).isEqualTo(Basis.Kind.GROUND);
                            }
                        }
                    }
                }
            }
        }
        assertThat(decisions).isGreaterThan(10_000);
    }

    private static boolean justifiesDisclosure(Basis b) {
        return b.kind() == Basis.Kind.GROUND || b.kind() == Basis.Kind.LAW
                || b.ref().equals(Rules.DEIDENTIFIED_DISCLOSURE) || b.ref().equals(Rules.RELEASED_TO_PARENTS);
    }

    private static List<List<Ground>> groundSets() {
        Ground byClient = consentByClient("Consent/1").provision(Provision.deny()
                .nested(permitToGp().nested(Provision.deny().labels(PSY)))
                .nested(Provision.permit().recipient(Party.relatedPerson(MOTHER)).actions("access"))).build();
        Ground byClientAndMother = Ground.clientConsent("Consent/2").status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.patient(CLIENT)).performer(Party.relatedPerson(MOTHER))
                .provision(permitToGp().labels(SecurityLabel.VERY_RESTRICTED)).build();
        Ground byMentor = Ground.clientConsent("Consent/3").status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.relatedPerson(MENTOR)).provision(permitToGp().data("Observation/o1")).build();
        Ground revoked = consentByClient("Consent/4").status(GroundStatus.INACTIVE).provision(permitToGp()).build();
        Ground legal = conflictOfDuties("Consent/5").build();
        Ground objection = consentByClient("Consent/6").provision(Provision.deny()
                .recipient(Party.organisation(GP_URA)).purposes("COC").actions("disclose").classes("Observation")).build();
        return List.of(List.of(), List.of(byClient), List.of(byClient, byClientAndMother, legal),
                List.of(byMentor, revoked, objection), List.of(byClient, byClientAndMother, byMentor, revoked, legal, objection));
    }

    @Test
    void decisionsAreSharedAndStableAcrossCalls() {
        DisclosureEngine engine = engine();
        Ground consent = consentByClient("Consent/1").provision(permitToGp()).build();
        DisclosureDecision first = engine.decide(gp(), observation("o1"), clientAged(30), List.of(consent), TODAY);
        DisclosureDecision second = engine.decide(gp(), observation("o1"), clientAged(30), List.of(consent), TODAY);
        assertThat(second).isSameAs(first);
        assertThat(first.obligations()).isEqualTo(Set.of());
        assertThat(first.basis()).containsExactly(Basis.ground("Consent/1", "provision"));
    }

    @Test
    void sameRequestOnDifferentDaysCanDiffer() {
        DisclosureEngine engine = engine();
        Ground byMother = Ground.clientConsent("Consent/1").status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.relatedPerson(MOTHER)).provision(permitToGp()).build();
        ClientFacts child = client(LocalDate.of(2014, 3, 1));
        assertThat(engine.decide(gp(), observation("o1"), child, List.of(byMother), LocalDate.of(2026, 2, 28)).outcome())
                .isEqualTo(Outcome.PERMIT);
        assertThat(engine.decide(gp(), observation("o1"), child, List.of(byMother), LocalDate.of(2026, 3, 1)).outcome())
                .isEqualTo(Outcome.DENY);
    }
}
