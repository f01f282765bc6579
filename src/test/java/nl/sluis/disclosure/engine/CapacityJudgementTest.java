package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lacking capacity (wilsonbekwaam) to decide on sharing information, as recorded by a professional for a period:
 * from the 12th birthday on, and on the days of the judgement only, the representative it names consents instead
 * of the client (and instead of the parents of a 12-15 year old). Boundary days: the 12th and 16th birthdays, the
 * judgement's first and last day.
 */
class CapacityJudgementTest {

    private static final LocalDate BORN = LocalDate.of(2009, 6, 15);
    private static final LocalDate TWELFTH_BIRTHDAY = LocalDate.of(2021, 6, 15);
    private static final LocalDate SIXTEENTH_BIRTHDAY = LocalDate.of(2025, 6, 15);
    /** A judgement of two seasons when the client is 13-14. */
    private static final LocalDate FIRST_DAY = LocalDate.of(2023, 3, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(2023, 8, 31);
    private static final ResourceFacts NOTE = ResourceFacts.of("Observation", "o1", CLIENT, LocalDate.of(2020, 1, 1));

    private final DisclosureEngine engine = engine();

    private static CapacityJudgement judgement(String matter, DateRange period, String... representatives) {
        return new CapacityJudgement("Observation/capacity", matter, period, "Practitioner/" + TREATING_PSYCHIATRIST,
                period.start(), List.of(representatives));
    }

    /** Since before the 12th birthday, open-ended, naming the mentor. */
    private static final ClientFacts LACKING_SINCE_LONG = clientLackingCapacity(BORN,
            judgement(CapacityJudgement.INFORMATION_SHARING, DateRange.from(LocalDate.of(2020, 1, 1)), MENTOR));
    private static final ClientFacts LACKING_TWO_SEASONS = clientLackingCapacity(BORN,
            judgement(CapacityJudgement.INFORMATION_SHARING, DateRange.of(FIRST_DAY, LAST_DAY), MENTOR));

    private static Ground consentBy(Party... performers) {
        Ground.Builder b = Ground.clientConsent("Consent/c").status(GroundStatus.ACTIVE).client(CLIENT)
                .provision(permitToGp());
        for (Party p : performers) {
            b.performer(p);
        }
        return b.build();
    }

    private DisclosureDecision decide(ClientFacts client, LocalDate on, Party... performers) {
        return engine.decide(gp(), NOTE, client, List.of(consentBy(performers)), on);
    }

    private static void assertPermitted(DisclosureDecision d) {
        assertThat(d.outcome()).as(d.toString()).isEqualTo(Outcome.PERMIT);
    }

    private static void assertRejected(DisclosureDecision d, String why) {
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.groundNotUsed("Consent/c", why));
    }

    // --- the 12th birthday ---

    @Test
    void theDayBeforeTheTwelfthBirthdayTheParentsDecideWhateverTheJudgement() {
        LocalDate dayBefore = TWELFTH_BIRTHDAY.minusDays(1);
        assertPermitted(decide(LACKING_SINCE_LONG, dayBefore, Party.relatedPerson(MOTHER)));
        assertRejected(decide(LACKING_SINCE_LONG, dayBefore, Party.relatedPerson(MENTOR)), ConsentCapacity.UNDER_12);
    }

    @Test
    void onTheTwelfthBirthdayTheNamedRepresentativeDecides() {
        assertPermitted(decide(LACKING_SINCE_LONG, TWELFTH_BIRTHDAY, Party.relatedPerson(MENTOR)));
        assertRejected(decide(LACKING_SINCE_LONG, TWELFTH_BIRTHDAY, Party.patient(CLIENT), Party.relatedPerson(MOTHER)),
                ConsentCapacity.REPRESENTATIVE);
    }

    // --- the 16th birthday ---

    @Test
    void aroundTheSixteenthBirthdayTheRepresentativeStillDecidesAndTheClientDoesNot() {
        for (LocalDate day : List.of(SIXTEENTH_BIRTHDAY.minusDays(1), SIXTEENTH_BIRTHDAY)) {
            assertPermitted(decide(LACKING_SINCE_LONG, day, Party.relatedPerson(MENTOR)));
            assertRejected(decide(LACKING_SINCE_LONG, day, Party.patient(CLIENT)), ConsentCapacity.REPRESENTATIVE);
        }
    }

    // --- the judgement's period ---

    @Test
    void theDayBeforeTheJudgementTheAgeRuleApplies() {
        LocalDate dayBefore = FIRST_DAY.minusDays(1);
        assertPermitted(decide(LACKING_TWO_SEASONS, dayBefore, Party.patient(CLIENT), Party.relatedPerson(MOTHER)));
        assertRejected(decide(LACKING_TWO_SEASONS, dayBefore, Party.relatedPerson(MENTOR)), ConsentCapacity.ADOLESCENT_BOTH);
    }

    @Test
    void onTheFirstAndLastDayOfTheJudgementTheRepresentativeDecides() {
        for (LocalDate day : List.of(FIRST_DAY, LAST_DAY)) {
            assertPermitted(decide(LACKING_TWO_SEASONS, day, Party.relatedPerson(MENTOR)));
            assertRejected(decide(LACKING_TWO_SEASONS, day, Party.patient(CLIENT), Party.relatedPerson(MOTHER)),
                    ConsentCapacity.REPRESENTATIVE);
        }
    }

    @Test
    void theDayAfterTheJudgementTheAgeRuleAppliesAgain() {
        LocalDate dayAfter = LAST_DAY.plusDays(1);
        assertPermitted(decide(LACKING_TWO_SEASONS, dayAfter, Party.patient(CLIENT), Party.relatedPerson(MOTHER)));
        assertRejected(decide(LACKING_TWO_SEASONS, dayAfter, Party.relatedPerson(MENTOR)), ConsentCapacity.ADOLESCENT_BOTH);
    }

    // --- what the judgement is about and whom it names ---

    @Test
    void aJudgementAboutAnotherMatterDoesNotChangeWhoConsentsToSharing() {
        ClientFacts lacksCapacityForTreatment = clientLackingCapacity(BORN,
                judgement("treatment", DateRange.from(LocalDate.of(2020, 1, 1)), MENTOR));
        assertPermitted(decide(lacksCapacityForTreatment, SIXTEENTH_BIRTHDAY, Party.patient(CLIENT)));
        assertRejected(decide(lacksCapacityForTreatment, SIXTEENTH_BIRTHDAY, Party.relatedPerson(MENTOR)),
                ConsentCapacity.ADULT);
    }

    @Test
    void aJudgementNamingNobodyLeavesItToALegalRepresentativeWithAuthority() {
        ClientFacts namingNobody = clientLackingCapacity(BORN,
                judgement(CapacityJudgement.INFORMATION_SHARING, DateRange.from(LocalDate.of(2020, 1, 1))));
        LocalDate adult = SIXTEENTH_BIRTHDAY.plusYears(3);
        assertPermitted(decide(namingNobody, adult, Party.relatedPerson(MENTOR)));
        assertPermitted(decide(namingNobody, adult, Party.relatedPerson(MOTHER)));
        assertRejected(decide(namingNobody, adult, Party.relatedPerson(AUNT)), ConsentCapacity.REPRESENTATIVE);
    }

    @Test
    void aJudgementNamingSomeoneOutsideTheLegalRepresentativesLetsThemDecideAndNoOneElse() {
        // e.g. a partner (WGBO 7:465 lid 3), recorded by the professional as the representative
        ClientFacts namingTheAunt = clientLackingCapacity(BORN,
                judgement(CapacityJudgement.INFORMATION_SHARING, DateRange.from(LocalDate.of(2020, 1, 1)), AUNT));
        LocalDate adult = SIXTEENTH_BIRTHDAY.plusYears(3);
        assertPermitted(decide(namingTheAunt, adult, Party.relatedPerson(AUNT)));
        assertRejected(decide(namingTheAunt, adult, Party.relatedPerson(MENTOR)), ConsentCapacity.REPRESENTATIVE);
    }

    // --- the representative's own access (patient-facing) ---

    @Test
    void theNamedRepresentativeSeesTheRecordOnlyOnTheDaysOfTheJudgement() {
        Requester mentor = Requester.relatedPerson(MENTOR);
        assertThat(engine.decide(mentor, NOTE, LACKING_TWO_SEASONS, List.of(), FIRST_DAY.minusDays(1)).outcome())
                .isEqualTo(Outcome.DENY);
        DisclosureDecision firstDay = engine.decide(mentor, NOTE, LACKING_TWO_SEASONS, List.of(), FIRST_DAY);
        assertThat(firstDay.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(firstDay.basis()).containsExactly(Basis.law(Rules.LEGAL_REPRESENTATIVE));
        assertThat(engine.decide(mentor, NOTE, LACKING_TWO_SEASONS, List.of(), LAST_DAY).outcome())
                .isEqualTo(Outcome.PERMIT);
        assertThat(engine.decide(mentor, NOTE, LACKING_TWO_SEASONS, List.of(), LAST_DAY.plusDays(1)).outcome())
                .isEqualTo(Outcome.DENY);
        assertThat(engine.decide(Requester.relatedPerson(MENTOR), NOTE, LACKING_SINCE_LONG, List.of(),
                TWELFTH_BIRTHDAY.minusDays(1)).outcome()).as("under 12 only parents and guardians").isEqualTo(Outcome.DENY);
        assertThat(engine.decide(Requester.relatedPerson(MOTHER), NOTE, LACKING_TWO_SEASONS, List.of(), FIRST_DAY)
                .outcome()).as("not named: a parent of a 13-year-old").isEqualTo(Outcome.DENY);
    }
}
