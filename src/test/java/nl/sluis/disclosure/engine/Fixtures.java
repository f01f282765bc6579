package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Shared test data: one GGZ organisation, one client, the people around them. */
final class Fixtures {

    static final String OWN_URA = "90000001";
    static final String GP_URA = "90000002";
    static final String VEILIG_THUIS_URA = "90000003";
    static final String OTHER_URA = "90000009";

    static final String CLIENT = "client-1";
    static final String OTHER_CLIENT = "client-2";
    static final String MOTHER = "rp-mother";
    static final String FATHER_WITHOUT_AUTHORITY = "rp-father";
    static final String GUARDIAN = "rp-guardian";
    static final String MENTOR = "rp-mentor";
    static final String AUNT = "rp-aunt";

    static final String TREATING_PSYCHIATRIST = "prac-psychiatrist";
    static final String COLLEAGUE = "prac-colleague";
    static final String GP = "prac-gp";

    static final String PSYCHIATRIST = "01.035";
    static final String CLINICAL_PSYCHOLOGIST = "25.061";
    static final String NURSE = "30.000";
    /** UZI 01.015 Huisarts (GP). */
    static final String GP_ROLE = "01.015";
    static final String AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris";
    static final String MEDICAL_SECRETARY = "medisch-secretaris";

    static final LocalDate TODAY = LocalDate.of(2025, 6, 15);
    static final LocalDate DATA_DATE = LocalDate.of(2025, 5, 1);

    private Fixtures() {
    }

    static OrganisationPolicy policy() {
        return OrganisationPolicy.defaults(OWN_URA)
                .withNeedToKnowRoles(MEDICAL_SECRETARY)
                .withVeryRestrictedRoles(AANDACHTSFUNCTIONARIS)
                .withLegalGroundRoles(PSYCHIATRIST, CLINICAL_PSYCHOLOGIST)
                .withAcceptedExternalPurposes("TREAT", "COC", "THREAT", "HLEGAL");
    }

    static DisclosureEngine engine() {
        return new DisclosureEngine(policy());
    }

    /** A client with a mother with authority, a father without, and an aunt who is no representative. */
    static ClientFacts client(LocalDate birthDate) {
        return new ClientFacts(CLIENT, birthDate, Set.of(TREATING_PSYCHIATRIST), List.of(
                LegalRepresentative.parentWithAuthority(MOTHER),
                new LegalRepresentative(FATHER_WITHOUT_AUTHORITY, LegalRepresentative.Relationship.PARENT, false),
                new LegalRepresentative(GUARDIAN, LegalRepresentative.Relationship.GUARDIAN, true)), List.of());
    }

    /** Judged to lack capacity to decide on sharing information since long ago, open-ended, naming nobody. */
    static ClientFacts clientLackingCapacity(LocalDate birthDate) {
        return clientLackingCapacity(birthDate, new CapacityJudgement("Observation/capacity-1",
                CapacityJudgement.INFORMATION_SHARING, DateRange.from(LocalDate.of(2000, 1, 1)), "Practitioner/"
                + TREATING_PSYCHIATRIST, LocalDate.of(2000, 1, 1), List.of()));
    }

    static ClientFacts clientLackingCapacity(LocalDate birthDate, CapacityJudgement... judgements) {
        return new ClientFacts(CLIENT, birthDate, Set.of(TREATING_PSYCHIATRIST), List.of(
                LegalRepresentative.parentWithAuthority(MOTHER),
                new LegalRepresentative(MENTOR, LegalRepresentative.Relationship.LEGAL_REPRESENTATIVE, true)),
                List.of(judgements));
    }

    /** A client aged {@code years} on TODAY, two months past the birthday. */
    static ClientFacts clientAged(int years) {
        return client(TODAY.minusYears(years).minusMonths(2));
    }

    static ResourceFacts observation(String id, SecurityLabel... labels) {
        return ResourceFacts.of("Observation", id, CLIENT, DATA_DATE, labels);
    }

    static Requester gp() {
        return Requester.external(GP_URA, GP, GP_ROLE, "COC");
    }

    /** A Veilig Thuis worker: usually not BIG-registered, so no UZI role code (the role plays no part here). */
    static Requester veiligThuis() {
        return Requester.external(VEILIG_THUIS_URA, "prac-vt", null, "THREAT");
    }

    /** An active consent by the client alone. */
    static Ground.Builder consentByClient(String id) {
        return Ground.clientConsent(id).status(GroundStatus.ACTIVE).client(CLIENT).performer(Party.patient(CLIENT));
    }

    /** A targeted permit: to the GP practice, for continuity of care, action disclose. */
    static Provision.Builder permitToGp() {
        return Provision.permit().recipient(Party.organisation(GP_URA)).purposes("COC").actions("disclose");
    }

    /** A completed weighing of this kind by a psychiatrist, every condition answered yes, recorded before TODAY. */
    static Weighing weighing(WeighingType type) {
        return new Weighing("QuestionnaireResponse/weighing-1", type, true, true,
                TODAY.minusDays(11).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), PSYCHIATRIST);
    }

    /** A valid conflict-of-duties ground: psychiatrist, its weighing, 30 days, Veilig Thuis, Observations. */
    static Ground.Builder conflictOfDuties(String id) {
        return Ground.legalGround(id, LegalGroundCode.CONFLICT_OF_DUTIES).status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.practitioner(TREATING_PSYCHIATRIST, PSYCHIATRIST))
                .weighing(weighing(WeighingType.CONFLICT_OF_DUTIES))
                .period(DateRange.of(TODAY.minusDays(10), TODAY.plusDays(19)))
                .provision(Provision.deny().nested(Provision.permit()
                        .recipient(Party.organisation(VEILIG_THUIS_URA)).purposes("THREAT").classes("Observation")));
    }
}
