package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An AuditEvent about a client is shown to the privacy officer only: not to the care team, need-to-know or
 * very-restricted roles, an external party whose consent covers all the client's data, or the client.
 */
class AuditTrailAccessTest {

    private final DisclosureEngine engine = engine();
    private final ClientFacts client = clientAged(30);
    private final ResourceFacts event = ResourceFacts.of("AuditEvent", "a1", CLIENT, DATA_DATE);
    private final List<Ground> broadConsent = List.of(consentByClient("Consent/1").provision(permitToGp()).build());

    private DisclosureDecision decide(Requester requester) {
        return engine.decide(requester, event, client, broadConsent, TODAY);
    }

    private static Requester staff(String userId, String role) {
        return Requester.internal(OWN_URA, userId, role, "TREAT");
    }

    @Test
    void onlyThePrivacyOfficerSeesAnAuditEvent() {
        DisclosureDecision officer = decide(staff("prac-fg", DisclosureEngine.PRIVACY_OFFICER_ROLE));
        assertThat(officer.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(officer.basis()).containsExactly(Basis.policy(Rules.AUDIT_TRAIL_PRIVACY_OFFICER));

        for (Requester other : List.of(staff(TREATING_PSYCHIATRIST, PSYCHIATRIST), staff(COLLEAGUE, MEDICAL_SECRETARY),
                staff(COLLEAGUE, AANDACHTSFUNCTIONARIS), gp(), Requester.client(CLIENT), Requester.relatedPerson(MOTHER),
                Requester.external(GP_URA, GP, DisclosureEngine.PRIVACY_OFFICER_ROLE, "COC"))) {
            DisclosureDecision d = decide(other);
            assertThat(d.outcome()).as(other.toString()).isEqualTo(Outcome.DENY);
            assertThat(d.basis()).containsExactly(Basis.policy(Rules.AUDIT_TRAIL_NOT_SHARED));
        }
    }

    @Test
    void theRuleIsAboutTheTypeNotTheClient() {
        ResourceFacts withoutClient = ResourceFacts.of("AuditEvent", "a2", null, null);
        assertThat(engine.decide(staff(TREATING_PSYCHIATRIST, PSYCHIATRIST), withoutClient, null, List.of(), TODAY)
                .outcome()).isEqualTo(Outcome.DENY);
    }
}
