package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** External requesters: deny by default, permit on a valid, matching, targeted ground. */
class ExternalDisclosureTest {

    private final DisclosureEngine engine = engine();
    private final ClientFacts adult = clientAged(30);
    private final ResourceFacts note = observation("o1");

    private DisclosureDecision decide(Requester requester, ResourceFacts resource, Ground... grounds) {
        return engine.decide(requester, resource, adult, List.of(grounds), TODAY);
    }

    private DisclosureDecision decide(Ground... grounds) {
        return decide(gp(), note, grounds);
    }

    // --- deny by default ---

    @Test
    void noGroundMeansDeny() {
        DisclosureDecision d = decide();
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.EXTERNAL_DEFAULT_DENY),
                Basis.law(Rules.PROFESSIONAL_SECRECY));
        assertThat(d.obligations()).isEmpty();
    }

    @Test
    void matchingConsentPermits() {
        DisclosureDecision d = decide(consentByClient("Consent/1").provision(permitToGp()).build());
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision"));
        assertThat(d.reason()).contains("consent");
    }

    @Test
    void purposeThePolicyDoesNotAcceptIsDeniedBeforeGroundsAreLookedAt() {
        Ground consent = consentByClient("Consent/1")
                .provision(Provision.permit().recipient(Party.organisation(GP_URA)).purposes("PUBHLTH")).build();
        DisclosureDecision d = decide(gp().withPurpose("PUBHLTH"), note, consent);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.EXTERNAL_PURPOSE_NOT_ACCEPTED),
                Basis.law(Rules.PROFESSIONAL_SECRECY));
    }

    @Test
    void missingPurposeIsDenied() {
        Ground consent = consentByClient("Consent/1").provision(permitToGp()).build();
        assertThat(decide(gp().withPurpose(null), note, consent).basis())
                .containsExactly(Basis.policy(Rules.EXTERNAL_PURPOSE_NOT_ACCEPTED), Basis.law(Rules.PROFESSIONAL_SECRECY));
    }

    // --- status, period, revocation ---

    @ParameterizedTest
    @EnumSource(value = GroundStatus.class, names = "ACTIVE", mode = EnumSource.Mode.EXCLUDE)
    void onlyActiveGroundsCount(GroundStatus status) {
        Ground consent = consentByClient("Consent/1").status(status).provision(permitToGp()).build();
        DisclosureDecision d = decide(consent);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.groundNotUsed("Consent/1",
                "status is " + status.name().toLowerCase().replace('_', '-')));
    }

    @Test
    void revocationTakesEffectOnTheNextDecision() {
        Ground.Builder consent = consentByClient("Consent/1").provision(permitToGp());
        assertThat(decide(consent.build()).outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(decide(consent.status(GroundStatus.INACTIVE).build()).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void groundPeriodIsInclusiveOnBothEnds() {
        Ground endsToday = consentByClient("Consent/1").period(DateRange.of(TODAY.minusDays(30), TODAY))
                .provision(permitToGp()).build();
        Ground startsToday = consentByClient("Consent/2").period(DateRange.from(TODAY)).provision(permitToGp()).build();
        assertThat(decide(endsToday).outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(decide(startsToday).outcome()).isEqualTo(Outcome.PERMIT);
    }

    @Test
    void expiredOrFutureGroundIsNotUsed() {
        Ground expired = consentByClient("Consent/1").period(DateRange.of(TODAY.minusDays(30), TODAY.minusDays(1)))
                .provision(permitToGp()).build();
        Ground future = consentByClient("Consent/2").period(DateRange.from(TODAY.plusDays(1)))
                .provision(permitToGp()).build();
        DisclosureDecision d = decide(expired, future);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.groundNotUsed("Consent/1", GroundEvaluation.OUT_OF_PERIOD),
                Basis.groundNotUsed("Consent/2", GroundEvaluation.OUT_OF_PERIOD));
    }

    @Test
    void provisionPeriodIsChecked() {
        Ground consent = consentByClient("Consent/1")
                .provision(permitToGp().period(DateRange.of(TODAY.minusDays(5), TODAY.minusDays(1)))).build();
        DisclosureDecision d = decide(consent);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.groundNotUsed("Consent/1", GroundEvaluation.NO_PROVISION_APPLIES));
    }

    @Test
    void groundAboutAnotherClientIsNotUsed() {
        Ground other = Ground.clientConsent("Consent/9").status(GroundStatus.ACTIVE).client(OTHER_CLIENT)
                .performer(Party.patient(OTHER_CLIENT)).provision(permitToGp()).build();
        assertThat(decide(other).basis()).contains(Basis.groundNotUsed("Consent/9", GroundEvaluation.NOT_THIS_CLIENT));
    }

    // --- matching the requester ---

    @Test
    void otherOrganisationIsNotTheRecipient() {
        Ground consent = consentByClient("Consent/1").provision(permitToGp()).build();
        DisclosureDecision d = decide(Requester.external(OTHER_URA, "prac-x", GP_ROLE, "COC"), note, consent);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.groundNotUsed("Consent/1", GroundEvaluation.NO_PROVISION_APPLIES));
    }

    @Test
    void practitionerAsRecipientMatchesThatPractitionerInAnyOrganisation() {
        Ground consent = consentByClient("Consent/1").provision(Provision.permit()
                .recipient(Party.practitioner(GP, null)).purposes("COC")).build();
        assertThat(decide(consent).outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(decide(Requester.external(GP_URA, "prac-other", GP_ROLE, "COC"), note, consent).outcome())
                .isEqualTo(Outcome.DENY);
    }

    @Test
    void onBehalfOfGrantsNothing() {
        Ground consent = consentByClient("Consent/1").provision(Provision.permit()
                .recipient(Party.practitioner(GP, null)).purposes("COC")).build();
        Requester assistant = Requester.external(GP_URA, "prac-assistant", "assistant", "COC").onBehalfOf(GP);
        assertThat(decide(assistant, note, consent).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void otherPurposeDoesNotMatch() {
        Ground consent = consentByClient("Consent/1").provision(permitToGp()).build();
        assertThat(decide(gp().withPurpose("TREAT"), note, consent).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void actionMustBeDisclose() {
        Ground accessOnly = consentByClient("Consent/1").provision(Provision.permit()
                .recipient(Party.organisation(GP_URA)).purposes("COC").actions("access")).build();
        assertThat(decide(accessOnly).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void permitWithoutRecipientIsNotTargeted() {
        Ground toAnyone = consentByClient("Consent/1").provision(Provision.permit().purposes("COC")).build();
        assertThat(decide(toAnyone).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void permitWithoutPurposeIsNotTargeted() {
        Ground forAnyPurpose = consentByClient("Consent/1")
                .provision(Provision.permit().recipient(Party.organisation(GP_URA))).build();
        assertThat(decide(forAnyPurpose).outcome()).isEqualTo(Outcome.DENY);
    }

    // --- matching the data ---

    @Test
    void classMustMatch() {
        Ground conditionsOnly = consentByClient("Consent/1").provision(permitToGp().classes("Condition")).build();
        assertThat(decide(conditionsOnly).outcome()).isEqualTo(Outcome.DENY);
        Ground observations = consentByClient("Consent/1").provision(permitToGp().classes("Observation")).build();
        assertThat(decide(observations).outcome()).isEqualTo(Outcome.PERMIT);
    }

    @Test
    void labelsMatchWhenTheResourceCarriesAnyOfThem() {
        SecurityLabel psy = new SecurityLabel(SecurityLabel.ACT_CODE_SYSTEM, "PSY");
        SecurityLabel rel = new SecurityLabel(SecurityLabel.ACT_CODE_SYSTEM, "REL");
        Ground consent = consentByClient("Consent/1").provision(permitToGp().labels(psy, rel)).build();
        assertThat(decide(gp(), observation("o1", psy), consent).outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(decide(gp(), observation("o1"), consent).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void specificResourceData() {
        Ground consent = consentByClient("Consent/1").provision(permitToGp().data("Observation/o1")).build();
        assertThat(decide(gp(), observation("o1"), consent).outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(decide(gp(), observation("o2"), consent).outcome()).isEqualTo(Outcome.DENY);
        ResourceFacts conditionWithSameId = ResourceFacts.of("Condition", "o1", CLIENT, DATA_DATE);
        assertThat(decide(gp(), conditionWithSameId, consent).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void dataPeriodIsInclusiveAndChecked() {
        Ground consent = consentByClient("Consent/1").provision(permitToGp()
                .dataPeriod(DateRange.of(LocalDate.of(2025, 1, 1), DATA_DATE))).build();
        assertThat(decide(gp(), observation("o1"), consent).outcome()).isEqualTo(Outcome.PERMIT);
        ResourceFacts later = ResourceFacts.of("Observation", "o2", CLIENT, DATA_DATE.plusDays(1));
        assertThat(decide(gp(), later, consent).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void unknownDataDateNeverWidensDisclosure() {
        ResourceFacts undated = ResourceFacts.of("Observation", "o3", CLIENT, null);
        DateRange period = DateRange.of(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31));
        Ground permitInPeriod = consentByClient("Consent/1").provision(permitToGp().dataPeriod(period)).build();
        assertThat(decide(gp(), undated, permitInPeriod).outcome()).isEqualTo(Outcome.DENY);

        Ground denyInPeriod = consentByClient("Consent/2").provision(permitToGp()
                .nested(Provision.deny().dataPeriod(period))).build();
        DisclosureDecision d = decide(gp(), undated, denyInPeriod);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/2", "provision.provision[0]"));
    }

    // --- very restricted data ---

    @Test
    void veryRestrictedDataNeedsAGroundThatNamesIt() {
        ResourceFacts concern = observation("c1", SecurityLabel.VERY_RESTRICTED);
        Ground general = consentByClient("Consent/1").provision(permitToGp()).build();
        DisclosureDecision d = decide(gp(), concern, general);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.policy(Rules.VERY_RESTRICTED_NEEDS_EXPLICIT_GROUND),
                Basis.groundNotUsed("Consent/1", GroundEvaluation.NO_PROVISION_APPLIES));

        Ground namesLabel = consentByClient("Consent/2").provision(permitToGp().labels(SecurityLabel.VERY_RESTRICTED)).build();
        assertThat(decide(gp(), concern, namesLabel).outcome()).isEqualTo(Outcome.PERMIT);
        Ground namesResource = consentByClient("Consent/3").provision(permitToGp().data("Observation/c1")).build();
        assertThat(decide(gp(), concern, namesResource).outcome()).isEqualTo(Outcome.PERMIT);
    }

    @Test
    void elementsWithLabelsTheProvisionDoesNotNameAreRedacted() {
        ResourceFacts mixed = observation("o1").withElementLabels(SecurityLabel.VERY_RESTRICTED);
        Ground general = consentByClient("Consent/1").provision(permitToGp()).build();
        DisclosureDecision d = decide(gp(), mixed, general);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
        assertThat(d.obligations()).containsExactly(Obligation.REDACT_LABELLED_ELEMENTS);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision"));

        Ground namesLabel = consentByClient("Consent/2").provision(permitToGp().labels(SecurityLabel.VERY_RESTRICTED)).build();
        ResourceFacts restricted = observation("o1", SecurityLabel.VERY_RESTRICTED).withElementLabels(SecurityLabel.VERY_RESTRICTED);
        assertThat(decide(gp(), restricted, namesLabel).outcome()).isEqualTo(Outcome.PERMIT);
    }

    // --- de-identified disclosure ---

    @Test
    void deidentifiedPurposeWithoutGroundGetsAnAnonymisedCopy() {
        DisclosureEngine consultation = new DisclosureEngine(policy().withDeidentifiedPurposes("HRESCH"));
        Requester jep = Requester.external(OTHER_URA, "jep-1", "consultant", "HRESCH");
        DisclosureDecision d = consultation.decide(jep, observation("c1", SecurityLabel.VERY_RESTRICTED), adult,
                List.of(), TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DEIDENTIFY);
        assertThat(d.obligations()).containsExactly(Obligation.DEIDENTIFY);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.DEIDENTIFIED_DISCLOSURE));
    }

    @Test
    void explicitDenyBeatsDeidentifiedDefault() {
        DisclosureEngine consultation = new DisclosureEngine(policy().withDeidentifiedPurposes("HRESCH"));
        Requester jep = Requester.external(OTHER_URA, "jep-1", "consultant", "HRESCH");
        Ground objection = consentByClient("Consent/1").provision(Provision.deny()
                .recipient(Party.organisation(OTHER_URA))).build();
        DisclosureDecision d = consultation.decide(jep, note, adult, List.of(objection), TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision"));
    }

    @Test
    void deidentifiedPurposeIsNotIdentifiableByDefault() {
        Requester jep = Requester.external(OTHER_URA, "jep-1", "consultant", "HRESCH");
        assertThat(decide(jep, note).basis()).containsExactly(Basis.policy(Rules.EXTERNAL_PURPOSE_NOT_ACCEPTED),
                Basis.law(Rules.PROFESSIONAL_SECRECY));
    }

    // --- internal flag is verified ---

    @Test
    void ownUraFlaggedExternalIsTreatedAsExternal() {
        Requester own = Requester.external(OWN_URA, COLLEAGUE, NURSE, "COC");
        assertThat(decide(own, note).basis()).contains(Basis.policy(Rules.EXTERNAL_DEFAULT_DENY));
    }
}
