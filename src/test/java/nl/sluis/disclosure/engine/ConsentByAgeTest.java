package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WGBO age table: who may consent, judged on the day of the request, on the boundary days. */
class ConsentByAgeTest {

    private static final LocalDate BORN = LocalDate.of(2009, 6, 15);
    private static final LocalDate DAY_BEFORE_12 = LocalDate.of(2021, 6, 14);
    private static final LocalDate TWELFTH_BIRTHDAY = LocalDate.of(2021, 6, 15);
    private static final LocalDate DAY_BEFORE_16 = LocalDate.of(2025, 6, 14);
    private static final LocalDate SIXTEENTH_BIRTHDAY = LocalDate.of(2025, 6, 15);
    private static final ResourceFacts NOTE = ResourceFacts.of("Observation", "o1", CLIENT, LocalDate.of(2020, 1, 1));

    private final DisclosureEngine engine = engine();

    private static Ground consentBy(Party... performers) {
        Ground.Builder b = Ground.clientConsent("Consent/c").status(GroundStatus.ACTIVE).client(CLIENT)
                .provision(permitToGp());
        for (Party p : performers) {
            b.performer(p);
        }
        return b.build();
    }

    private DisclosureDecision decide(DisclosureEngine e, ClientFacts client, Ground ground, LocalDate on) {
        return e.decide(gp(), NOTE, client, List.of(ground), on);
    }

    private DisclosureDecision decide(Ground ground, LocalDate on) {
        return decide(engine, client(BORN), ground, on);
    }

    private static void assertPermitted(DisclosureDecision d) {
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/c", "provision"));
    }

    private static void assertRejected(DisclosureDecision d, String why) {
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.policy(Rules.EXTERNAL_DEFAULT_DENY), Basis.groundNotUsed("Consent/c", why));
    }

    // --- UnderTwelve ---
    @Test
    void parentWithAuthorityConsentsTheDayBeforeTheTwelfthBirthday() {
        assertPermitted(decide(consentBy(Party.relatedPerson(MOTHER)), DAY_BEFORE_12));
    }

    @Test
    void guardianWithAuthorityConsents() {
        assertPermitted(decide(consentBy(Party.relatedPerson(GUARDIAN)), DAY_BEFORE_12));
    }

    @Test
    void childAloneCannotConsent() {
        assertRejected(decide(consentBy(Party.patient(CLIENT)), DAY_BEFORE_12), ConsentCapacity.UNDER_12);
    }

    @Test
    void parentWithoutAuthorityCannotConsent() {
        assertRejected(decide(consentBy(Party.relatedPerson(FATHER_WITHOUT_AUTHORITY)), DAY_BEFORE_12),
                ConsentCapacity.UNDER_12);
    }

    @Test
    void relativeWhoIsNoRepresentativeCannotConsent() {
        assertRejected(decide(consentBy(Party.relatedPerson(AUNT)), DAY_BEFORE_12), ConsentCapacity.UNDER_12);
    }

    // --- TwelveToFifteen ---
    @Test
    void parentAloneNoLongerSufficesOnTheTwelfthBirthday() {
        assertRejected(decide(consentBy(Party.relatedPerson(MOTHER)), TWELFTH_BIRTHDAY),
                ConsentCapacity.ADOLESCENT_BOTH);
    }

    @Test
    void childAndParentTogetherOnTheTwelfthBirthday() {
        assertPermitted(decide(consentBy(Party.patient(CLIENT), Party.relatedPerson(MOTHER)), TWELFTH_BIRTHDAY));
    }

    @Test
    void childAndParentTogetherTheDayBeforeTheSixteenthBirthday() {
        assertPermitted(decide(consentBy(Party.patient(CLIENT), Party.relatedPerson(MOTHER)), DAY_BEFORE_16));
    }

    @Test
    void childAloneIsNotEnoughByDefault() {
        assertRejected(decide(consentBy(Party.patient(CLIENT)), DAY_BEFORE_16), ConsentCapacity.ADOLESCENT_BOTH);
    }

    @Test
    void childWithParentWithoutAuthorityIsNotEnough() {
        assertRejected(decide(consentBy(Party.patient(CLIENT), Party.relatedPerson(FATHER_WITHOUT_AUTHORITY)),
                TWELFTH_BIRTHDAY), ConsentCapacity.ADOLESCENT_BOTH);
    }

    @Test
    void childOnlyModeLetsTheChildConsentAloneFromTheTwelfthBirthday() {
        DisclosureEngine childOnly = new DisclosureEngine(
                policy().withAdolescentConsentMode(AdolescentConsentMode.CHILD_ONLY));
        Ground byChild = consentBy(Party.patient(CLIENT));
        assertPermitted(decide(childOnly, client(BORN), byChild, TWELFTH_BIRTHDAY));
        assertRejected(decide(childOnly, client(BORN), byChild, DAY_BEFORE_12), ConsentCapacity.UNDER_12);
    }

    @Test
    void childOnlyModeDoesNotAcceptTheParentAlone() {
        DisclosureEngine childOnly = new DisclosureEngine(
                policy().withAdolescentConsentMode(AdolescentConsentMode.CHILD_ONLY));
        assertRejected(decide(childOnly, client(BORN), consentBy(Party.relatedPerson(MOTHER)), TWELFTH_BIRTHDAY),
                ConsentCapacity.ADOLESCENT_CHILD);
    }

    // --- SixteenAndOver ---
    @Test
    void clientAloneConsentsOnTheSixteenthBirthday() {
        assertPermitted(decide(consentBy(Party.patient(CLIENT)), SIXTEENTH_BIRTHDAY));
    }

    @Test
    void parentConsentGivenEarlierNoLongerCountsOnTheSixteenthBirthday() {
        Ground byParent = consentBy(Party.relatedPerson(MOTHER));
        assertPermitted(decide(byParent, DAY_BEFORE_12));
        assertRejected(decide(byParent, SIXTEENTH_BIRTHDAY), ConsentCapacity.ADULT);
    }

    @Test
    void consentByClientAndParentStillCountsAfterSixteen() {
        assertPermitted(decide(consentBy(Party.patient(CLIENT), Party.relatedPerson(MOTHER)), SIXTEENTH_BIRTHDAY));
    }

    @Test
    void consentByAnotherPatientDoesNotCount() {
        assertRejected(decide(consentBy(Party.patient(OTHER_CLIENT)), SIXTEENTH_BIRTHDAY), ConsentCapacity.ADULT);
    }

    // --- LackingCapacity ---
    @Test
    void legalRepresentativeConsentsForAnAdult() {
        DisclosureDecision d = decide(engine, clientLackingCapacity(BORN),
                consentBy(Party.relatedPerson(MENTOR)), SIXTEENTH_BIRTHDAY.plusYears(2));
        assertPermitted(d);
    }

    @Test
    void clientLackingCapacityCannotConsentAlone() {
        assertRejected(decide(engine, clientLackingCapacity(BORN), consentBy(Party.patient(CLIENT)),
                SIXTEENTH_BIRTHDAY), ConsentCapacity.REPRESENTATIVE);
    }

    @Test
    void parentWithAuthorityRepresentsATwelveYearOldLackingCapacity() {
        assertPermitted(decide(engine, clientLackingCapacity(BORN), consentBy(Party.relatedPerson(MOTHER)),
                TWELFTH_BIRTHDAY));
    }

    @Test
    void underTwelveTheParentRuleApplies() {
        assertRejected(decide(engine, clientLackingCapacity(BORN), consentBy(Party.relatedPerson(MENTOR)),
                DAY_BEFORE_12), ConsentCapacity.UNDER_12);
    }

    @Test
    void unknownBirthDateFailsClosed() {
        ClientFacts noBirthDate = client(null);
        assertRejected(decide(engine, noBirthDate, consentBy(Party.patient(CLIENT)), SIXTEENTH_BIRTHDAY),
                ConsentCapacity.AGE_UNKNOWN);
    }
}
