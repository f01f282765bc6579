package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Patient-facing requesters: the client, parents and representatives, by the client's age. */
class PatientAccessTest {

    private static final LocalDate BORN = LocalDate.of(2009, 6, 15);
    private static final LocalDate DAY_BEFORE_12 = LocalDate.of(2021, 6, 14);
    private static final LocalDate TWELFTH_BIRTHDAY = LocalDate.of(2021, 6, 15);
    private static final LocalDate DAY_BEFORE_16 = LocalDate.of(2025, 6, 14);
    private static final LocalDate SIXTEENTH_BIRTHDAY = LocalDate.of(2025, 6, 15);

    private final DisclosureEngine engine = engine();
    private final ClientFacts client = client(BORN);
    private final ResourceFacts note = ResourceFacts.of("Observation", "o1", CLIENT, LocalDate.of(2020, 1, 1));
    private final ResourceFacts released = ResourceFacts.of("Observation", "o2", CLIENT, LocalDate.of(2020, 1, 1),
            SecurityLabel.RELEASED_TO_PARENTS);
    private final ResourceFacts thirdParty = ResourceFacts.of("Observation", "o3", CLIENT, LocalDate.of(2020, 1, 1),
            SecurityLabel.THIRD_PARTY_INFORMATION);

    private DisclosureDecision decide(Requester requester, ResourceFacts resource, LocalDate on, Ground... grounds) {
        return engine.decide(requester, resource, client, List.of(grounds), on);
    }

    private static Requester mother() {
        return Requester.relatedPerson(MOTHER);
    }

    // --- the client ---

    @Test
    void clientSeesOwnRecord() {
        DisclosureDecision d = decide(Requester.client(CLIENT), note, SIXTEENTH_BIRTHDAY);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.law(Rules.RIGHT_OF_ACCESS));
    }

    @Test
    void clientSeesOwnVeryRestrictedData() {
        ResourceFacts concern = ResourceFacts.of("Observation", "c1", CLIENT, null, SecurityLabel.VERY_RESTRICTED);
        assertThat(decide(Requester.client(CLIENT), concern, DAY_BEFORE_16).outcome()).isEqualTo(Outcome.PERMIT);
    }

    @Test
    void clientDoesNotSeeThirdPartyInformation() {
        DisclosureDecision d = decide(Requester.client(CLIENT), thirdParty, SIXTEENTH_BIRTHDAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.WITHHELD_FROM_PATIENT_FACING));
    }

    @Test
    void thirdPartyElementsAreRedactedForTheClient() {
        DisclosureDecision d = decide(Requester.client(CLIENT),
                note.withElementLabels(SecurityLabel.THIRD_PARTY_INFORMATION), SIXTEENTH_BIRTHDAY);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
        assertThat(d.obligations()).containsExactly(Obligation.REDACT_LABELLED_ELEMENTS);
        assertThat(d.basis()).containsExactly(Basis.law(Rules.RIGHT_OF_ACCESS), Basis.policy(Rules.WITHHELD_FROM_PATIENT_FACING));
    }

    @Test
    void anotherClientSeesNothing() {
        DisclosureDecision d = decide(Requester.client(OTHER_CLIENT), note, SIXTEENTH_BIRTHDAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.PATIENT_FACING_DEFAULT_DENY));
    }

    // --- parents by age ---

    @Test
    void parentWithAuthoritySeesAChildUnderTwelve() {
        DisclosureDecision d = decide(mother(), note, DAY_BEFORE_12);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.law(Rules.PARENT_UNDER_12));
    }

    @Test
    void parentWithoutAuthoritySeesNothingUnderTwelve() {
        DisclosureDecision d = decide(Requester.relatedPerson(FATHER_WITHOUT_AUTHORITY), note, DAY_BEFORE_12);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).startsWith(Basis.policy(Rules.PATIENT_FACING_DEFAULT_DENY));
    }

    @Test
    void parentDoesNotSeeThirdPartyInformationEvenUnderTwelve() {
        assertThat(decide(mother(), thirdParty, DAY_BEFORE_12).basis())
                .containsExactly(Basis.policy(Rules.WITHHELD_FROM_PATIENT_FACING));
    }

    @Test
    void fromTheTwelfthBirthdayParentSeesOnlyWhatWasReleasedWithoutFreeText() {
        DisclosureDecision unreleased = decide(mother(), note, TWELFTH_BIRTHDAY);
        assertThat(unreleased.outcome()).isEqualTo(Outcome.DENY);
        assertThat(unreleased.basis()).containsExactly(Basis.policy(Rules.PATIENT_FACING_DEFAULT_DENY));
        assertThat(unreleased.reason()).contains("12-15");

        DisclosureDecision d = decide(mother(), released, TWELFTH_BIRTHDAY);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
        assertThat(d.obligations()).containsExactly(Obligation.REDACT_FREE_TEXT);
        assertThat(d.basis()).containsExactly(Basis.policy(Rules.RELEASED_TO_PARENTS));
    }

    @Test
    void releasedResourceTheDayBeforeTheSixteenthBirthday() {
        assertThat(decide(mother(), released, DAY_BEFORE_16).outcome()).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
    }

    @Test
    void releasedToParentsNoLongerCountsOnTheSixteenthBirthday() {
        DisclosureDecision d = decide(mother(), released, SIXTEENTH_BIRTHDAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.reason()).contains("16 or over");
    }

    @Test
    void releasedResourceIsNotForAParentWithoutAuthority() {
        assertThat(decide(Requester.relatedPerson(FATHER_WITHOUT_AUTHORITY), released, TWELFTH_BIRTHDAY).outcome())
                .isEqualTo(Outcome.DENY);
    }

    @Test
    void sixteenPlusParentSeesWithTheClientsConsentNamingThem() {
        Ground consent = consentByClient("Consent/p").provision(Provision.permit()
                .recipient(Party.relatedPerson(MOTHER)).actions("access").classes("Observation")).build();
        DisclosureDecision d = decide(mother(), note, SIXTEENTH_BIRTHDAY, consent);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/p", "provision"));
        // The same consent names only the mother.
        assertThat(decide(Requester.relatedPerson(AUNT), note, SIXTEENTH_BIRTHDAY, consent).outcome())
                .isEqualTo(Outcome.DENY);
    }

    @Test
    void aPortalRequestHasNoPurposeSoTheConsentsPurposeDoesNotExcludeIt() {
        // sluis-Consent-ClientConsent asks for a purpose; a parent's portal token never carries one
        Ground consent = consentByClient("Consent/p").provision(Provision.permit()
                .recipient(Party.relatedPerson(MOTHER)).actions("access").purposes("TREAT")).build();
        assertThat(decide(mother(), note, SIXTEENTH_BIRTHDAY, consent).outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(decide(mother(), note, SIXTEENTH_BIRTHDAY, consentByClient("Consent/q").provision(Provision.deny()
                .recipient(Party.relatedPerson(MOTHER)).actions("access").purposes("TREAT")).build()).outcome())
                .isEqualTo(Outcome.DENY);
        // an external organisation's token must still state the purpose the consent names
        assertThat(decide(Requester.external(GP_URA, "gp", "01.015", null), note, SIXTEENTH_BIRTHDAY,
                consentByClient("Consent/r").provision(permitToGp()).build()).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void sixteenPlusConsentGivenByTheParentDoesNotCount() {
        Ground byMother = Ground.clientConsent("Consent/p").status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.relatedPerson(MOTHER)).provision(Provision.permit()
                        .recipient(Party.relatedPerson(MOTHER)).actions("access")).build();
        DisclosureDecision d = decide(mother(), note, SIXTEENTH_BIRTHDAY, byMother);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.groundNotUsed("Consent/p", ConsentCapacity.ADULT));
    }

    @Test
    void disclosureConsentDoesNotGrantPortalAccess() {
        Ground disclose = consentByClient("Consent/p").provision(Provision.permit()
                .recipient(Party.relatedPerson(MOTHER)).actions("disclose")).build();
        assertThat(decide(mother(), note, SIXTEENTH_BIRTHDAY, disclose).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void clientsObjectionBeatsReleaseToParents() {
        Ground objection = Ground.clientConsent("Consent/x").status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.patient(CLIENT)).performer(Party.relatedPerson(GUARDIAN))
                .provision(Provision.deny().recipient(Party.relatedPerson(MOTHER)).data("Observation/o2")).build();
        DisclosureDecision d = decide(mother(), released, DAY_BEFORE_16, objection);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/x", "provision"));
    }

    @Test
    void relativeSeesNothingWithoutConsent() {
        DisclosureDecision d = decide(Requester.relatedPerson(AUNT), note, DAY_BEFORE_12);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.reason()).contains("does not act for the client");
    }

    // --- representative of a client lacking capacity ---

    @Test
    void legalRepresentativeSeesAClientLackingCapacity() {
        ClientFacts incapable = clientLackingCapacity(BORN);
        DisclosureDecision d = engine.decide(Requester.relatedPerson(MENTOR), note, incapable, List.of(),
                SIXTEENTH_BIRTHDAY.plusYears(3));
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.law(Rules.LEGAL_REPRESENTATIVE));
    }

    @Test
    void unknownBirthDateFailsClosedForRelatedPersons() {
        DisclosureDecision d = engine.decide(mother(), note, client(null), List.of(), TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.engine(Rules.BIRTH_DATE_UNKNOWN));
    }
}
