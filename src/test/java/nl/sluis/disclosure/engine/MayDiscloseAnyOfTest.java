package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DisclosureEngine#mayDiscloseAnyOf} lets the server leave a client out of a search before any of its
 * records is loaded, so it must be conservative: when it says no, {@link DisclosureEngine#decide} denies every
 * resource of that client. Checked over randomly generated policies, requesters, clients (ages around 12 and 16,
 * unknown birth dates, representatives, capacity judgements), grounds (consents and legal grounds in every state,
 * nested provision trees naming actors, purposes, actions, classes, labels, data categories, data periods,
 * specific resources) and resources (types, labels, inline labels, categories, data dates), with fixed seeds.
 */
class MayDiscloseAnyOfTest {

    private static final SecurityLabel PSY = new SecurityLabel(SecurityLabel.ACT_CODE_SYSTEM, "PSY");
    private static final SecurityLabel NORMAL = new SecurityLabel(SecurityLabel.CONFIDENTIALITY_SYSTEM, "N");
    private static final List<SecurityLabel> LABELS = List.of(SecurityLabel.VERY_RESTRICTED, PSY, NORMAL,
            SecurityLabel.THIRD_PARTY_INFORMATION, SecurityLabel.RELEASED_TO_PARENTS);
    private static final List<String> TYPES = List.of("Observation", "Condition", "Patient", "QuestionnaireResponse",
            "Consent", "Communication", "AuditEvent", "CarePlan");
    private static final List<String> IDS = List.of("r1", "r2", "r3", CLIENT);
    private static final List<String> PURPOSES = List.of("TREAT", "COC", "THREAT", "HLEGAL", "HRESCH", "PUBHLTH");
    private static final List<String> ROLES = List.of(PSYCHIATRIST, CLINICAL_PSYCHOLOGIST, NURSE, GP_ROLE,
            AANDACHTSFUNCTIONARIS, MEDICAL_SECRETARY, DisclosureEngine.PRIVACY_OFFICER_ROLE);
    private static final List<String> PRACTITIONERS = List.of(TREATING_PSYCHIATRIST, COLLEAGUE, GP);
    private static final List<String> URAS = List.of(OWN_URA, GP_URA, VEILIG_THUIS_URA, OTHER_URA);
    private static final List<String> RELATED = List.of(MOTHER, FATHER_WITHOUT_AUTHORITY, GUARDIAN, MENTOR, AUNT);
    private static final List<String> ACTIONS = List.of("disclose", "access", "collect");

    @Test
    void noMeansEveryResourceOfTheClientIsDenied() {
        int scenarios = 0;
        int saidNo = 0;
        int saidNoWithUsableGrounds = 0;
        int saidYesAndDisclosed = 0;
        int saidYesButAllDenied = 0;
        int saidNoToExternalWithValidGround = 0;
        int saidNoForTheTypeOnly = 0;
        int disclosedToANamedRecipient = 0;
        int shownToACareTeamMember = 0;
        int veryRestrictedShownToACareTeamMember = 0;
        int veryRestrictedDeniedToANeedToKnowRole = 0;
        int veryRestrictedDecided = 0;
        int veryRestrictedSaidNo = 0;
        int veryRestrictedSaidNoToAClientWithSomethingDisclosable = 0;
        int veryRestrictedDisclosed = 0;
        for (long seed = 1; seed <= 12; seed++) {
            Random random = new Random(seed);
            for (int i = 0; i < 2_500; i++) {
                DisclosureEngine engine = new DisclosureEngine(policy(random));
                LocalDate date = TODAY.plusDays(random.nextInt(40) - 20);
                Requester requester = requester(random);
                ClientFacts client = client(random, date);
                List<Ground> grounds = grounds(random, date);
                boolean may = engine.mayDiscloseAnyOf(requester, client, grounds, date);
                java.util.Optional<Set<Party>> recipients = engine.recipientsAGroundMustName(requester);
                java.util.Optional<Set<Party>> members = engine.careTeamMembersRequired(requester);
                java.util.Optional<Set<Party>> veryRestrictedMembers =
                        engine.careTeamMembersRequiredForVeryRestricted(requester);
                boolean mayVeryRestricted = engine.mayDiscloseVeryRestricted(requester, client, grounds);
                scenarios++;
                boolean anyDisclosed = false;
                for (int r = 0; r < 60; r++) {
                    ResourceFacts resource = resource(random, date);
                    DisclosureDecision decision = engine.decide(requester, resource, client, grounds, date);
                    boolean mayOfType = engine.mayDiscloseAnyOf(requester, client, grounds, resource.resourceType(),
                            date);
                    assertThat(!mayOfType || may).as("a type narrows the answer, never widens it").isTrue();
                    if (may && !mayOfType) {
                        saidNoForTheTypeOnly++;
                    }
                    if (decision.outcome() != Outcome.DENY && recipients.isPresent()
                            && !"AuditEvent".equals(resource.resourceType())) {
                        assertThat(namesOneOf(grounds, recipients.get()))
                                .as("disclosed to %s although no ground names one of %s: %s", requester,
                                        recipients.get(), describe(grounds)).isTrue();
                        disclosedToANamedRecipient++;
                    }
                    if (decision.outcome() != Outcome.DENY && members.isPresent()
                            && !"AuditEvent".equals(resource.resourceType())) {
                        assertThat(members.get().stream().anyMatch(member -> client.inCareTeam(member.id())))
                                .as("shown to %s outside the care team %s", requester, client).isTrue();
                        shownToACareTeamMember++;
                    }
                    if (decision.outcome() != Outcome.DENY && veryRestrictedMembers.isPresent()
                            && resource.isVeryRestricted() && !"AuditEvent".equals(resource.resourceType())) {
                        assertThat(veryRestrictedMembers.get().stream().anyMatch(m -> client.inCareTeam(m.id())))
                                .as("very restricted %s shown to %s outside the care team %s", resource, requester,
                                        client).isTrue();
                        veryRestrictedShownToACareTeamMember++;
                    }
                    if (resource.isVeryRestricted() && !"AuditEvent".equals(resource.resourceType())) {
                        if (decision.outcome() != Outcome.DENY && !mayVeryRestricted) {
                            fail("mayDiscloseVeryRestricted said no, but %s was decided %s%n requester %s%n client %s%n"
                                    + " grounds %s%n policy %s", resource, decision, requester, client,
                                    describe(grounds), engine.policy());
                        }
                        veryRestrictedDecided++;
                        if (!mayVeryRestricted) {
                            veryRestrictedSaidNo++;
                            if (may) {
                                veryRestrictedSaidNoToAClientWithSomethingDisclosable++;
                            }
                        } else if (decision.outcome() != Outcome.DENY) {
                            veryRestrictedDisclosed++;
                        }
                    }
                    if (decision.outcome() == Outcome.DENY && veryRestrictedMembers.isPresent()
                            && resource.isVeryRestricted() && members.isEmpty()) {
                        veryRestrictedDeniedToANeedToKnowRole++;
                    }
                    if (decision.outcome() != Outcome.DENY) {
                        anyDisclosed = true;
                        if (!mayOfType) {
                            fail("mayDiscloseAnyOf said no (any type: %s), but %s was decided %s%n requester %s%n client %s%n"
                                    + " grounds %s%n date %s%n policy %s", may, resource, decision, requester, client,
                                    describe(grounds), date, engine.policy());
                        }
                    }
                }
                if (!may) {
                    saidNo++;
                    if (grounds.stream().anyMatch(g -> g.status() == GroundStatus.ACTIVE)) {
                        saidNoWithUsableGrounds++;
                    }
                    if (validGroundForExternal(engine.policy(), requester, client, grounds, date)) {
                        saidNoToExternalWithValidGround++;
                    }
                } else if (anyDisclosed) {
                    saidYesAndDisclosed++;
                } else {
                    saidYesButAllDenied++;
                }
            }
        }
        // the sweep must exercise both answers, and "no" must also occur with active grounds at hand
        assertThat(scenarios).isEqualTo(30_000);
        assertThat(saidNo).as("no").isGreaterThan(3_000);
        assertThat(saidNoWithUsableGrounds).as("no, with active grounds").isGreaterThan(1_000);
        assertThat(saidNoToExternalWithValidGround).as("no to an external requester with a valid ground")
                .isGreaterThan(500);
        assertThat(saidYesAndDisclosed).as("yes, and something disclosed").isGreaterThan(3_000);
        assertThat(saidNoForTheTypeOnly).as("yes for the client, no for a resource's type").isGreaterThan(10_000);
        assertThat(disclosedToANamedRecipient).as("resources disclosed to an external requester a ground names")
                .isGreaterThan(100);
        assertThat(shownToACareTeamMember).as("resources shown to an own user who must be in the care team")
                .isGreaterThan(100);
        assertThat(veryRestrictedShownToACareTeamMember).as("very restricted resources shown to the care team")
                .isGreaterThan(50);
        assertThat(veryRestrictedDeniedToANeedToKnowRole).as("very restricted resources denied to a need-to-know role")
                .isGreaterThan(50);
        assertThat(veryRestrictedSaidNoToAClientWithSomethingDisclosable)
                .as("no to V, for a client of whom something else may be disclosed").isGreaterThan(500);
        assertThat(veryRestrictedDisclosed).as("V disclosed where it said yes").isGreaterThan(50);
        System.out.printf("mayDiscloseVeryRestricted: %d V resources decided; no %d (of which the client had something"
                + " disclosable %d); disclosed %d%n", veryRestrictedDecided, veryRestrictedSaidNo,
                veryRestrictedSaidNoToAClientWithSomethingDisclosable, veryRestrictedDisclosed);
        System.out.printf("mayDiscloseAnyOf: %d scenarios; no %d (with active grounds %d, to an external requester "
                + "with a valid ground %d); yes and disclosed %d; yes but all denied %d; no for a resource's type only %d%n",
                scenarios, saidNo, saidNoWithUsableGrounds, saidNoToExternalWithValidGround, saidYesAndDisclosed,
                saidYesButAllDenied, saidNoForTheTypeOnly);
    }

    /** Whether some provision (at any depth) of these grounds names one of the parties as actor. */
    private static boolean namesOneOf(List<Ground> grounds, Set<Party> parties) {
        for (Ground ground : grounds) {
            if (ground.provision() != null && namesOneOf(ground.provision(), parties)) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesOneOf(Provision provision, Set<Party> parties) {
        for (Actor actor : provision.actors()) {
            for (Party party : parties) {
                if (party.kind() == actor.party().kind() && party.id().equals(actor.party().id())) {
                    return true;
                }
            }
        }
        return provision.provisions().stream().anyMatch(nested -> namesOneOf(nested, parties));
    }

    /** An external requester with an accepted purpose and a ground valid for this client today. */
    private static boolean validGroundForExternal(OrganisationPolicy policy, Requester requester, ClientFacts client,
                                                  List<Ground> grounds, LocalDate date) {
        if (requester.internal() || requester.patientFacing() != null || requester.purposeOfUse() == null
                || !policy.acceptedExternalPurposes().contains(requester.purposeOfUse())) {
            return false;
        }
        GroundEvaluation evaluation = new GroundEvaluation(policy);
        int age = Age.inYears(client.birthDate(), date);
        return grounds.stream().anyMatch(g -> evaluation.rejection(g, client, age, date) == null);
    }

    @Test
    void typicalAnswers() {
        DisclosureEngine engine = engine();
        ClientFacts adult = clientAged(30);
        Ground toGp = consentByClient("Consent/1").provision(permitToGp().classes("Observation")).build();
        assertThat(engine.mayDiscloseAnyOf(gp(), adult, List.of(), TODAY)).as("external, no ground").isFalse();
        assertThat(engine.mayDiscloseAnyOf(gp(), adult, List.of(toGp), TODAY)).as("external, its consent").isTrue();
        assertThat(engine.mayDiscloseAnyOf(veiligThuis(), adult, List.of(toGp), TODAY)).as("another recipient")
                .isFalse();
        Ground revoked = consentByClient("Consent/1").status(GroundStatus.INACTIVE)
                .provision(permitToGp().classes("Observation")).build();
        assertThat(engine.mayDiscloseAnyOf(gp(), adult, List.of(revoked), TODAY)).as("revoked").isFalse();
        assertThat(engine.mayDiscloseAnyOf(gp().withPurpose("PUBHLTH"), adult, List.of(toGp), TODAY))
                .as("purpose not accepted").isFalse();
        assertThat(engine.mayDiscloseAnyOf(Requester.client(CLIENT), adult, List.of(), TODAY)).as("own record").isTrue();
        assertThat(engine.mayDiscloseAnyOf(Requester.client(OTHER_CLIENT), adult, List.of(), TODAY)).isFalse();
        assertThat(engine.mayDiscloseAnyOf(Requester.relatedPerson(MOTHER), clientAged(8), List.of(), TODAY)).isTrue();
        assertThat(engine.mayDiscloseAnyOf(Requester.relatedPerson(MOTHER), clientAged(14), List.of(), TODAY))
                .as("what was released to parents").isTrue();
        assertThat(engine.mayDiscloseAnyOf(Requester.relatedPerson(MOTHER), adult, List.of(), TODAY)).isFalse();
        assertThat(engine.mayDiscloseAnyOf(Requester.internal(OWN_URA, TREATING_PSYCHIATRIST, PSYCHIATRIST, "TREAT"),
                adult, List.of(), TODAY)).as("care team").isTrue();
        assertThat(engine.mayDiscloseAnyOf(Requester.internal(OWN_URA, COLLEAGUE, NURSE, "TREAT"), adult, List.of(),
                TODAY)).as("no need to know").isFalse();
        assertThat(engine.mayDiscloseAnyOf(Requester.internal(OWN_URA, COLLEAGUE,
                DisclosureEngine.PRIVACY_OFFICER_ROLE, "TREAT"), adult, List.of(), TODAY)).as("audit trail").isTrue();
        assertThat(engine.mayDiscloseAnyOf(gp(), null, List.of(toGp), TODAY)).as("no client facts").isFalse();
        assertThat(engine.mayDiscloseAnyOf(gp(), adult, List.of(toGp), "Observation", TODAY)).isTrue();
        assertThat(engine.mayDiscloseAnyOf(gp(), adult, List.of(toGp), "Condition", TODAY))
                .as("a consent for Observations, a search for Conditions").isFalse();
        Ground oneRecord = consentByClient("Consent/2").provision(permitToGp().data("Observation/o1")).build();
        assertThat(engine.mayDiscloseAnyOf(gp(), adult, List.of(oneRecord), "Observation", TODAY)).isTrue();
        assertThat(engine.mayDiscloseAnyOf(gp(), adult, List.of(oneRecord), "Condition", TODAY)).isFalse();
        assertThat(engine.mayDiscloseAnyOf(Requester.internal(OWN_URA, COLLEAGUE,
                DisclosureEngine.PRIVACY_OFFICER_ROLE, "TREAT"), adult, List.of(), "Observation", TODAY))
                .as("the privacy officer: the audit trail only").isFalse();
    }

    @Test
    void recipientsAGroundMustName() {
        DisclosureEngine engine = engine();
        assertThat(engine.recipientsAGroundMustName(gp())).as("an external requester: its URA and itself")
                .contains(Set.of(Party.organisation(GP_URA), Party.practitioner(GP, null)));
        assertThat(engine.recipientsAGroundMustName(gp().withPurpose("PUBHLTH"))).as("a purpose not served")
                .contains(Set.of());
        assertThat(engine.recipientsAGroundMustName(gp().withPurpose(null))).as("no purpose").contains(Set.of());
        DisclosureEngine deidentifying = new DisclosureEngine(Fixtures.policy().withDeidentifiedPurposes("HRESCH"));
        assertThat(deidentifying.recipientsAGroundMustName(gp().withPurpose("HRESCH")))
                .as("answered de-identified whatever the grounds").isEmpty();
        assertThat(engine.recipientsAGroundMustName(Requester.internal(OWN_URA, COLLEAGUE, NURSE, "TREAT"))).isEmpty();
        assertThat(engine.recipientsAGroundMustName(Requester.client(CLIENT))).isEmpty();
        assertThat(engine.recipientsAGroundMustName(Requester.relatedPerson(MOTHER))).isEmpty();
    }

    @Test
    void careTeamMembersRequiredForVeryRestricted() {
        DisclosureEngine engine = engine();
        assertThat(engine.careTeamMembersRequiredForVeryRestricted(
                Requester.internal(OWN_URA, COLLEAGUE, MEDICAL_SECRETARY, "TREAT")))
                .as("need-to-know role").contains(Set.of(Party.practitioner(COLLEAGUE, null)));
        assertThat(engine.careTeamMembersRequiredForVeryRestricted(
                Requester.internal(OWN_URA, COLLEAGUE, NURSE, "TREAT"))).contains(Set.of(Party.practitioner(COLLEAGUE, null)));
        assertThat(engine.careTeamMembersRequiredForVeryRestricted(
                Requester.internal(OWN_URA, COLLEAGUE, AANDACHTSFUNCTIONARIS, "TREAT"))).as("very-restricted role").isEmpty();
        assertThat(engine.careTeamMembersRequiredForVeryRestricted(
                new Requester(OTHER_URA, true, COLLEAGUE, NURSE, null, "TREAT", null))).contains(Set.of());
        assertThat(engine.careTeamMembersRequiredForVeryRestricted(gp())).isEmpty();
        assertThat(engine.careTeamMembersRequiredForVeryRestricted(Requester.client(CLIENT))).isEmpty();
    }

    @Test
    void careTeamMembersRequired() {
        DisclosureEngine engine = engine();
        assertThat(engine.careTeamMembersRequired(Requester.internal(OWN_URA, COLLEAGUE, NURSE, "TREAT")))
                .contains(Set.of(Party.practitioner(COLLEAGUE, null)));
        assertThat(engine.careTeamMembersRequired(Requester.internal(OWN_URA, COLLEAGUE, MEDICAL_SECRETARY, "TREAT")))
                .as("need-to-know role").isEmpty();
        assertThat(engine.careTeamMembersRequired(Requester.internal(OWN_URA, COLLEAGUE, AANDACHTSFUNCTIONARIS, "TREAT")))
                .as("very-restricted role").isEmpty();
        assertThat(engine.careTeamMembersRequired(new Requester(OTHER_URA, true, COLLEAGUE, NURSE, null, "TREAT", null)))
                .as("claims to be internal").contains(Set.of());
        assertThat(engine.careTeamMembersRequired(Requester.internal(OWN_URA, null, NURSE, "TREAT"))).contains(Set.of());
        assertThat(engine.careTeamMembersRequired(Requester.internal(OWN_URA, null, MEDICAL_SECRETARY, "TREAT")))
                .as("need-to-know role without a user id").isEmpty();
        assertThat(engine.careTeamMembersRequired(gp())).isEmpty();
        assertThat(engine.careTeamMembersRequired(Requester.client(CLIENT))).isEmpty();
    }

    // --- generators ---

    private static <T> T any(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static <T> List<T> some(Random random, List<T> values, int percent) {
        List<T> chosen = new ArrayList<>();
        for (T value : values) {
            if (random.nextInt(100) < percent) {
                chosen.add(value);
            }
        }
        return chosen;
    }

    private static OrganisationPolicy policy(Random random) {
        return new OrganisationPolicy(OWN_URA,
                Set.copyOf(some(random, List.of(MEDICAL_SECRETARY, NURSE, PSYCHIATRIST), 30)),
                Set.copyOf(some(random, List.of(AANDACHTSFUNCTIONARIS, PSYCHIATRIST), 30)),
                Set.copyOf(some(random, List.of(PSYCHIATRIST, CLINICAL_PSYCHOLOGIST, NURSE), 60)),
                Set.copyOf(some(random, PURPOSES, 60)),
                Set.copyOf(random.nextInt(5) == 0 ? List.of(any(random, PURPOSES)) : List.<String>of()),
                random.nextBoolean() ? AdolescentConsentMode.BOTH_CHILD_AND_PARENT : AdolescentConsentMode.CHILD_ONLY,
                Set.copyOf(some(random, List.of(SecurityLabel.THIRD_PARTY_INFORMATION, PSY), 60)),
                random.nextBoolean() ? 90 : 30);
    }

    private static Requester requester(Random random) {
        String purpose = random.nextInt(10) == 0 ? null : any(random, PURPOSES);
        String role = random.nextInt(8) == 0 ? null : any(random, ROLES);
        return switch (random.nextInt(6)) {
            // an own user's token without a user id, now and then
            case 0 -> Requester.internal(OWN_URA, random.nextInt(10) == 0 ? null : any(random, PRACTITIONERS), role,
                    purpose);
            case 1 -> new Requester(any(random, URAS), true, any(random, PRACTITIONERS), role, null, purpose, null);
            case 2, 3 -> Requester.external(any(random, URAS), any(random, PRACTITIONERS), role, purpose);
            case 4 -> Requester.client(random.nextInt(3) == 0 ? OTHER_CLIENT : CLIENT);
            default -> Requester.relatedPerson(any(random, RELATED));
        };
    }

    private static LocalDate birthDate(Random random, LocalDate date) {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            // around the 12th and 16th birthdays
            case 1 -> date.minusYears(12).plusDays(random.nextInt(5) - 2);
            case 2 -> date.minusYears(16).plusDays(random.nextInt(5) - 2);
            case 3 -> LocalDate.of(2008 + random.nextInt(8), 2, 28).plusDays(random.nextInt(3));
            default -> date.minusYears(random.nextInt(60)).minusDays(random.nextInt(365));
        };
    }

    private static ClientFacts client(Random random, LocalDate date) {
        List<LegalRepresentative> representatives = new ArrayList<>();
        for (String id : some(random, RELATED, 40)) {
            representatives.add(new LegalRepresentative(id,
                    any(random, List.of(LegalRepresentative.Relationship.values())), random.nextBoolean()));
        }
        List<CapacityJudgement> judgements = new ArrayList<>();
        for (int i = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0; i > 0; i--) {
            LocalDate start = date.minusDays(random.nextInt(30) - 5);
            judgements.add(new CapacityJudgement("Observation/capacity-" + i,
                    random.nextInt(4) == 0 ? "treatment" : CapacityJudgement.INFORMATION_SHARING,
                    random.nextBoolean() ? DateRange.from(start) : DateRange.of(start, start.plusDays(random.nextInt(20))),
                    "Practitioner/" + TREATING_PSYCHIATRIST, start, some(random, RELATED, 25)));
        }
        return new ClientFacts(CLIENT, birthDate(random, date), Set.copyOf(some(random, PRACTITIONERS, 30)),
                representatives, judgements);
    }

    private static DateRange period(Random random, LocalDate date) {
        return switch (random.nextInt(5)) {
            case 0 -> DateRange.of(date.minusDays(random.nextInt(60)), date.plusDays(random.nextInt(60)));
            case 1 -> DateRange.of(date.plusDays(1 + random.nextInt(10)), date.plusDays(20 + random.nextInt(10)));
            case 2 -> DateRange.of(date.minusDays(40 + random.nextInt(200)), date.minusDays(1 + random.nextInt(30)));
            case 3 -> DateRange.from(date.minusDays(random.nextInt(400)));
            default -> DateRange.of(date.minusDays(100 + random.nextInt(100)), date.plusDays(random.nextInt(5)));
        };
    }

    private static List<Ground> grounds(Random random, LocalDate date) {
        List<Ground> grounds = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            String id = "Consent/" + i;
            Ground.Builder ground;
            if (random.nextInt(3) == 0) {
                LegalGroundCode code = any(random, List.of(LegalGroundCode.values()));
                ground = Ground.legalGround(id, code);
                if (random.nextInt(5) > 0) {
                    WeighingType type = random.nextInt(5) == 0 ? any(random, List.of(WeighingType.values()))
                            : code.weighingType();
                    Instant authored = random.nextInt(6) == 0 ? null
                            : date.minusDays(random.nextInt(20) - 3).atStartOfDay(ZoneOffset.UTC).toInstant();
                    ground.weighing(new Weighing("QuestionnaireResponse/w" + i, type, random.nextInt(6) > 0,
                            random.nextInt(6) > 0, authored, random.nextInt(6) == 0 ? null : any(random, ROLES)));
                } else if (random.nextBoolean()) {
                    ground.deliberation("QuestionnaireResponse/w" + i);
                }
                ground.recorded(date.minusDays(random.nextInt(10)).atStartOfDay(ZoneOffset.UTC).toInstant());
            } else {
                ground = Ground.clientConsent(id);
            }
            ground.status(random.nextInt(4) == 0 ? any(random, List.of(GroundStatus.values())) : GroundStatus.ACTIVE)
                    .client(random.nextInt(12) == 0 ? OTHER_CLIENT : CLIENT);
            List<Party> performers = new ArrayList<>(List.of(Party.patient(CLIENT), Party.patient(OTHER_CLIENT),
                    Party.practitioner(TREATING_PSYCHIATRIST, any(random, ROLES))));
            RELATED.forEach(r -> performers.add(Party.relatedPerson(r)));
            some(random, performers, 30).forEach(ground::performer);
            if (random.nextInt(3) > 0) {
                ground.period(period(random, date));
            }
            if (random.nextInt(10) > 0) {
                ground.provision(provision(random, date, 0));
            }
            grounds.add(ground.build());
        }
        return grounds;
    }

    private static Provision provision(Random random, LocalDate date, int depth) {
        Provision.Builder p = switch (random.nextInt(5)) {
            case 0, 1 -> Provision.permit();
            case 2, 3 -> Provision.deny();
            default -> Provision.untyped();
        };
        int constrained = depth == 0 ? 40 : 30;
        if (random.nextInt(100) < 15) {
            p.period(period(random, date));
        }
        if (random.nextInt(100) < constrained + 20) {
            List<Party> parties = new ArrayList<>();
            URAS.forEach(ura -> parties.add(Party.organisation(ura)));
            PRACTITIONERS.forEach(id -> parties.add(Party.practitioner(id, null)));
            RELATED.forEach(id -> parties.add(Party.relatedPerson(id)));
            parties.add(Party.patient(CLIENT));
            for (Party party : some(random, parties, 15)) {
                p.recipient(party);
            }
            if (random.nextBoolean()) {
                p.recipient(any(random, parties));
            }
        }
        if (random.nextInt(100) < constrained + 20) {
            p.purposes(some(random, PURPOSES, 40).toArray(String[]::new));
        }
        if (random.nextInt(100) < constrained) {
            p.actions(some(random, ACTIONS, 50).toArray(String[]::new));
        }
        if (random.nextInt(100) < constrained) {
            p.classes(some(random, TYPES, 30).toArray(String[]::new));
        }
        if (random.nextInt(100) < constrained) {
            p.labels(some(random, LABELS, 30).toArray(SecurityLabel[]::new));
        }
        if (random.nextInt(100) < constrained) {
            List<String> codes = new ArrayList<>();
            for (DataCategory category : some(random, List.of(DataCategory.values()), 20)) {
                codes.add(category.code());
            }
            if (random.nextInt(8) == 0) {
                codes.add("http://example.org/other|x");
            }
            p.categories(codes.toArray(String[]::new));
        }
        if (random.nextInt(100) < 15) {
            p.dataPeriod(period(random, date));
        }
        if (random.nextInt(100) < 20) {
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                p.data(any(random, TYPES) + "/" + any(random, IDS));
            }
        }
        if (depth < 3) {
            for (int i = random.nextInt(depth == 0 ? 4 : 3); i > 0; i--) {
                p.nested(provision(random, date, depth + 1));
            }
        }
        return p.build();
    }

    private static ResourceFacts resource(Random random, LocalDate date) {
        String type = any(random, TYPES);
        String id = "Patient".equals(type) ? CLIENT : any(random, IDS);
        Set<SecurityLabel> labels = new HashSet<>(some(random, LABELS, 20));
        Set<SecurityLabel> inline = new HashSet<>(random.nextInt(5) == 0 ? some(random, LABELS, 30) : List.of());
        LocalDate dataDate = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> date.minusDays(random.nextInt(30));
            default -> date.minusDays(random.nextInt(800));
        };
        Set<DataCategory> categories = new HashSet<>(random.nextInt(4) == 0 ? List.of()
                : some(random, List.of(DataCategory.values()), 25));
        return new ResourceFacts(type, id, CLIENT, labels, inline, dataDate, false, categories);
    }

    private static String describe(List<Ground> grounds) {
        StringBuilder text = new StringBuilder();
        for (Ground ground : grounds) {
            text.append(ground).append(' ').append(ground.performers()).append(' ').append(ground.period())
                    .append(' ').append(ground.weighing()).append(' ').append(ground.provision()).append('\n');
        }
        return text.toString();
    }
}
