package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Inputs that do not fit fail closed; decisions are well-formed. */
class EngineInputTest {

    private final DisclosureEngine engine = engine();

    @Test
    void missingClientFactsFailClosed() {
        DisclosureDecision d = engine.decide(gp(), observation("o1"), null, List.of(), TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.engine(Rules.CLIENT_FACTS_MISSING));
    }

    @Test
    void clientFactsAboutAnotherClientFailClosed() {
        ClientFacts other = new ClientFacts(OTHER_CLIENT, TODAY.minusYears(30), Set.of(TREATING_PSYCHIATRIST), List.of(), List.of());
        DisclosureDecision d = engine.decide(Requester.internal(OWN_URA, TREATING_PSYCHIATRIST, PSYCHIATRIST, "TREAT"),
                observation("o1"), other, List.of(), TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.engine(Rules.CLIENT_FACTS_MISMATCH));
    }

    @Test
    void clientDataWhoseClientCannotBeEstablishedIsDeniedToEveryone() {
        ResourceFacts unattributed = ResourceFacts.clientNotEstablished("Observation", "o7", Set.of(), TODAY);
        for (Requester requester : List.of(gp(), Requester.internal(OWN_URA, COLLEAGUE, AANDACHTSFUNCTIONARIS, "TREAT"),
                Requester.internal(OWN_URA, TREATING_PSYCHIATRIST, PSYCHIATRIST, "TREAT"), Requester.client(CLIENT))) {
            DisclosureDecision d = engine.decide(requester, unattributed, null, List.of(), TODAY);
            assertThat(d.outcome()).as(requester.toString()).isEqualTo(Outcome.DENY);
            assertThat(d.basis()).containsExactly(Basis.engine(Rules.CLIENT_NOT_ESTABLISHED));
        }
        assertThat(unattributed.isClientData()).isTrue();
    }

    @Test
    void dataAboutNoClientIsNotSecret() {
        ResourceFacts questionnaire = ResourceFacts.of("Questionnaire", "q1", null, null);
        DisclosureDecision d = engine.decide(gp(), questionnaire, null, null, TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.NOT_CLIENT_DATA));
    }

    @Test
    void veryRestrictedDataAboutNoClientOnlyForNamedRoles() {
        ResourceFacts anonymousConcern = ResourceFacts.of("Observation", "c9", null, null, SecurityLabel.VERY_RESTRICTED);
        assertThat(engine.decide(gp(), anonymousConcern, null, null, TODAY).outcome()).isEqualTo(Outcome.DENY);
        assertThat(engine.decide(Requester.internal(OWN_URA, COLLEAGUE, AANDACHTSFUNCTIONARIS, "TREAT"),
                anonymousConcern, null, null, TODAY).outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(engine.decide(Requester.internal(OWN_URA, TREATING_PSYCHIATRIST, PSYCHIATRIST, "TREAT"),
                anonymousConcern, null, null, TODAY).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void decisionWithoutBasisCannotBeMade() {
        assertThatThrownBy(() -> new DisclosureDecision(Outcome.DENY, Set.of(), List.of(), "no"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DisclosureDecision(Outcome.DENY, Set.of(), List.of(Basis.policy("p")), " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outcomeAndObligationsMustAgree() {
        List<Basis> basis = List.of(Basis.policy("p"));
        assertThatThrownBy(() -> new DisclosureDecision(Outcome.PERMIT, Set.of(Obligation.REDACT_FREE_TEXT), basis, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DisclosureDecision(Outcome.PERMIT_WITH_OBLIGATIONS, Set.of(), basis, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DisclosureDecision(Outcome.DEIDENTIFY, Set.of(Obligation.MINIMUM_NECESSARY), basis, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DisclosureDecision(Outcome.DENY, Set.of(Obligation.DEIDENTIFY), basis, "r"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void obligationsMapToActCodes() {
        assertThat(Obligation.REDACT_FREE_TEXT.actCode()).isEqualTo("REDACT");
        assertThat(Obligation.REDACT_LABELLED_ELEMENTS.actCode()).isEqualTo("REDACT");
        assertThat(Obligation.MINIMUM_NECESSARY.actCode()).isEqualTo("MINEC");
        assertThat(Obligation.DEIDENTIFY.actCode()).isEqualTo("DEID");
    }

    @Test
    void groundNeedsStatusAndClient() {
        assertThatThrownBy(() -> Ground.clientConsent("Consent/1").client(CLIENT).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> Ground.clientConsent("Consent/1").status(GroundStatus.ACTIVE).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clientId");
    }

    @Test
    void consentWithoutProvisionsPermitsNothing() {
        Ground empty = consentByClient("Consent/1").build();
        DisclosureDecision d = engine.decide(gp(), observation("o1"), clientAged(30), List.of(empty), TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision"));
    }

    @Test
    void parsing() {
        assertThat(ResourceRef.parse("Observation/42")).isEqualTo(new ResourceRef("Observation", "42"));
        assertThat(SecurityLabel.parse(SecurityLabel.CONFIDENTIALITY_SYSTEM + "|V")).isEqualTo(SecurityLabel.VERY_RESTRICTED);
        assertThatThrownBy(() -> ResourceRef.parse("42")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DateRange.of(TODAY, TODAY.minusDays(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void patientFacingRequesterMustBeClientOrRelatedPerson() {
        assertThatThrownBy(() -> new Requester(null, false, null, null, null, null, Party.organisation(GP_URA)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
