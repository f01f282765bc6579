package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Internal requesters: need-to-know, very restricted data to the care team and named roles only. */
class InternalAccessTest {

    private final DisclosureEngine engine = engine();
    private final ClientFacts client = clientAged(30);
    private final ResourceFacts note = observation("o1");
    private final ResourceFacts concern = observation("c1", SecurityLabel.VERY_RESTRICTED);

    private DisclosureDecision decide(Requester requester, ResourceFacts resource) {
        return engine.decide(requester, resource, client, List.of(), TODAY);
    }

    private static Requester staff(String userId, String role) {
        return Requester.internal(OWN_URA, userId, role, "TREAT");
    }

    @Test
    void careTeamMemberSeesClientData() {
        DisclosureDecision d = decide(staff(TREATING_PSYCHIATRIST, PSYCHIATRIST), note);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.law(Rules.NEED_TO_KNOW_CARE_TEAM));
    }

    @Test
    void careTeamMemberSeesVeryRestrictedData() {
        assertThat(decide(staff(TREATING_PSYCHIATRIST, PSYCHIATRIST), concern).basis())
                .containsExactly(Basis.law(Rules.NEED_TO_KNOW_CARE_TEAM));
    }

    @Test
    void colleagueOutsideTheCareTeamSeesNothing() {
        DisclosureDecision d = decide(staff(COLLEAGUE, PSYCHIATRIST), note);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.INTERNAL_NO_NEED_TO_KNOW),
                Basis.law(Rules.PROFESSIONAL_SECRECY));
    }

    @Test
    void needToKnowRoleSeesOrdinaryDataButNotVeryRestricted() {
        assertThat(decide(staff(COLLEAGUE, MEDICAL_SECRETARY), note).basis())
                .containsExactly(Basis.policy(Rules.NEED_TO_KNOW_ROLE), Basis.law(Rules.NEED_TO_KNOW_CARE_TEAM));
        DisclosureDecision d = decide(staff(COLLEAGUE, MEDICAL_SECRETARY), concern);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.VERY_RESTRICTED));
    }

    @Test
    void aandachtsfunctionarisSeesVeryRestrictedData() {
        DisclosureDecision d = decide(staff(COLLEAGUE, AANDACHTSFUNCTIONARIS), concern);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.VERY_RESTRICTED_ROLE));
    }

    @Test
    void veryRestrictedRoleDoesNotByItselfGrantOrdinaryData() {
        assertThat(decide(staff(COLLEAGUE, AANDACHTSFUNCTIONARIS), note).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void roleIsNotEnoughWithoutPolicy() {
        DisclosureEngine strict = new DisclosureEngine(OrganisationPolicy.defaults(OWN_URA));
        assertThat(strict.decide(staff(COLLEAGUE, AANDACHTSFUNCTIONARIS), concern, client, List.of(), TODAY).outcome())
                .isEqualTo(Outcome.DENY);
    }

    @Test
    void consentDoesNotWidenInternalAccess() {
        Ground consent = consentByClient("Consent/1").provision(Provision.permit()
                .recipient(Party.practitioner(COLLEAGUE, null)).purposes("TREAT")).build();
        assertThat(engine.decide(staff(COLLEAGUE, NURSE), note, client, List.of(consent), TODAY).outcome())
                .isEqualTo(Outcome.DENY);
    }

    @Test
    void onBehalfOfACareTeamMemberGrantsNothing() {
        Requester assistant = staff(COLLEAGUE, NURSE).onBehalfOf(TREATING_PSYCHIATRIST);
        assertThat(decide(assistant, note).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void claimedInternalFromAnotherOrganisationFailsClosed() {
        Requester impostor = Requester.internal(OTHER_URA, TREATING_PSYCHIATRIST, PSYCHIATRIST, "TREAT");
        DisclosureDecision d = decide(impostor, note);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.engine(Rules.INTERNAL_URA_MISMATCH));
    }

    @Test
    void careTeamMembershipIsPerClient() {
        ClientFacts other = new ClientFacts(CLIENT, TODAY.minusYears(40), java.util.Set.of("prac-someone-else"),
                List.of(), List.of());
        assertThat(engine.decide(staff(TREATING_PSYCHIATRIST, NURSE), note, other, List.of(), TODAY).outcome())
                .isEqualTo(Outcome.DENY);
    }
}
