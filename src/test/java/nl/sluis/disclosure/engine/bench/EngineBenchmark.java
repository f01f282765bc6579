package nl.sluis.disclosure.engine.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import nl.sluis.disclosure.engine.ClientFacts;
import nl.sluis.disclosure.engine.DateRange;
import nl.sluis.disclosure.engine.DisclosureDecision;
import nl.sluis.disclosure.engine.DisclosureEngine;
import nl.sluis.disclosure.engine.Ground;
import nl.sluis.disclosure.engine.GroundStatus;
import nl.sluis.disclosure.engine.Weighing;
import nl.sluis.disclosure.engine.WeighingType;
import nl.sluis.disclosure.engine.LegalGroundCode;
import nl.sluis.disclosure.engine.LegalRepresentative;
import nl.sluis.disclosure.engine.OrganisationPolicy;
import nl.sluis.disclosure.engine.Outcome;
import nl.sluis.disclosure.engine.Party;
import nl.sluis.disclosure.engine.Provision;
import nl.sluis.disclosure.engine.Requester;
import nl.sluis.disclosure.engine.ResourceFacts;
import nl.sluis.disclosure.engine.SecurityLabel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decisions per second on one thread with realistic inputs: a 17-year-old client with three grounds (a consent
 * with nested provisions, a specific objection, a conflict-of-duties ground for another recipient), an external
 * requester, a resource with three labels. Target (issue 6): at least 1,000,000 decisions/s.
 *
 * <pre>mvn -q -o -Pbench test-compile exec:exec -Dsluis.build.dir=/tmp/engine-target \
 *     -Dbench.args="EngineBenchmark -f 1 -wi 2 -i 3 -t 1"</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {

    private static final String OWN_URA = "90000001";
    private static final String GP_URA = "90000002";
    private static final String VEILIG_THUIS_URA = "90000003";
    private static final String CLIENT = "client-1";
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 15);
    private static final String ACT = SecurityLabel.ACT_CODE_SYSTEM;

    private DisclosureEngine engine;
    private Requester gp;
    private Requester unknownOrganisation;
    private Requester careTeamMember;
    private ResourceFacts observation;
    private ClientFacts client;
    private List<Ground> grounds;
    private List<Ground> objectionOnly;

    @Setup(Level.Trial)
    public void setUp() {
        engine = new DisclosureEngine(OrganisationPolicy.defaults(OWN_URA)
                .withVeryRestrictedRoles("aandachtsfunctionaris")
                .withLegalGroundRoles("01.035", "25.061")
                .withAcceptedExternalPurposes("TREAT", "COC", "THREAT"));
        gp = Requester.external(GP_URA, "prac-gp", "01.015", "COC");
        unknownOrganisation = Requester.external("90000099", "prac-x", "01.015", "COC");
        careTeamMember = Requester.internal(OWN_URA, "prac-psychiatrist", "01.035", "TREAT");
        observation = ResourceFacts.of("Observation", "obs-42", CLIENT, LocalDate.of(2025, 5, 1),
                new SecurityLabel(ACT, "PSY"), new SecurityLabel(ACT, "ETH"),
                new SecurityLabel(SecurityLabel.CONFIDENTIALITY_SYSTEM, "R"));
        client = new ClientFacts(CLIENT, LocalDate.of(2008, 3, 2), Set.of("prac-psychiatrist", "prac-nurse"),
                List.of(LegalRepresentative.parentWithAuthority("rp-mother")), List.of());

        Ground consent = Ground.clientConsent("Consent/101").status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.patient(CLIENT)).period(DateRange.of(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)))
                .provision(Provision.deny()
                        .nested(Provision.permit().recipient(Party.organisation(GP_URA)).purposes("COC", "TREAT")
                                .actions("disclose").classes("Observation", "Condition", "MedicationStatement")
                                .nested(Provision.deny().labels(new SecurityLabel(ACT, "REL"), SecurityLabel.VERY_RESTRICTED))
                                .nested(Provision.deny().dataPeriod(DateRange.of(LocalDate.of(2010, 1, 1), LocalDate.of(2020, 1, 1)))))
                        .nested(Provision.permit().recipient(Party.relatedPerson("rp-mother")).actions("access")
                                .classes("Appointment")))
                .build();
        Ground objection = Ground.clientConsent("Consent/102").status(GroundStatus.ACTIVE).client(CLIENT)
                .performer(Party.patient(CLIENT))
                .provision(Provision.deny().recipient(Party.organisation(GP_URA)).data("Observation/obs-7", "Condition/c-3"))
                .build();
        Ground conflictOfDuties = Ground.legalGround("Consent/103", LegalGroundCode.CONFLICT_OF_DUTIES)
                .status(GroundStatus.ACTIVE).client(CLIENT).performer(Party.practitioner("prac-psychiatrist", "01.035"))
                .weighing(new Weighing("QuestionnaireResponse/weighing-5", WeighingType.CONFLICT_OF_DUTIES, true, true, null, "01.035")).period(DateRange.of(TODAY.minusDays(7), TODAY.plusDays(21)))
                .provision(Provision.deny().nested(Provision.permit().recipient(Party.organisation(VEILIG_THUIS_URA))
                        .purposes("THREAT").classes("Observation").labels(SecurityLabel.VERY_RESTRICTED)))
                .build();
        grounds = List.of(consent, objection, conflictOfDuties);
        objectionOnly = List.of(objection);

        check(externalPermitted(), Outcome.PERMIT);
        check(externalDenied(), Outcome.DENY);
        check(internalCareTeam(), Outcome.PERMIT);
        check(externalDefaultDeny(), Outcome.DENY);
    }

    private static void check(DisclosureDecision decision, Outcome expected) {
        if (decision.outcome() != expected) {
            throw new IllegalStateException("benchmark inputs are wrong: expected " + expected + " got " + decision);
        }
    }

    /** The GP practice with a matching consent: walks all three grounds and the nested provisions. */
    @Benchmark
    public DisclosureDecision externalPermitted() {
        return engine.decide(gp, observation, client, grounds, TODAY);
    }

    /** An organisation no permit names: the opt-in consent's root deny decides (checks for outweighed permits). */
    @Benchmark
    public DisclosureDecision externalDenied() {
        return engine.decide(unknownOrganisation, observation, client, grounds, TODAY);
    }

    /** No provision applies at all: the default denial builds its explanation (the only allocating path). */
    @Benchmark
    public DisclosureDecision externalDefaultDeny() {
        return engine.decide(unknownOrganisation, observation, client, objectionOnly, TODAY);
    }

    @Benchmark
    public DisclosureDecision internalCareTeam() {
        return engine.decide(careTeamMember, observation, client, grounds, TODAY);
    }
}
