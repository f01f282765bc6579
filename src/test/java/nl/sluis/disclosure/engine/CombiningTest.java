package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Nested provisions, specificity and deny-wins. */
class CombiningTest {

    private static final SecurityLabel PSY = new SecurityLabel(SecurityLabel.ACT_CODE_SYSTEM, "PSY");
    private static final SecurityLabel REL = new SecurityLabel(SecurityLabel.ACT_CODE_SYSTEM, "REL");

    private final DisclosureEngine engine = engine();
    private final ClientFacts adult = clientAged(30);

    private DisclosureDecision decide(ResourceFacts resource, Ground... grounds) {
        return engine.decide(gp(), resource, adult, List.of(grounds), TODAY);
    }

    // --- nesting ---

    @Test
    void optInRootDenyWithNestedPermit() {
        Ground consent = consentByClient("Consent/1").provision(Provision.deny().nested(permitToGp())).build();
        DisclosureDecision d = decide(observation("o1"), consent);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision.provision[0]"));
    }

    @Test
    void rootDenyDecidesWhenNoNestedPermitApplies() {
        Ground consent = consentByClient("Consent/1").provision(Provision.deny().nested(permitToGp())).build();
        DisclosureDecision d = engine.decide(Requester.external(OTHER_URA, "x", GP_ROLE, "COC"), observation("o1"),
                adult, List.of(consent), TODAY);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision"));
    }

    @Test
    void nestedDenyCarvesOutOfPermit() {
        Ground consent = consentByClient("Consent/1").provision(permitToGp()
                .nested(Provision.deny().labels(REL))
                .nested(Provision.deny().classes("Condition"))).build();
        assertThat(decide(observation("o1", PSY), consent).outcome()).isEqualTo(Outcome.PERMIT);
        DisclosureDecision d = decide(observation("o2", PSY, REL), consent);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision.provision[0]"));
        DisclosureDecision condition = decide(ResourceFacts.of("Condition", "c1", CLIENT, DATA_DATE), consent);
        assertThat(condition.basis()).containsExactly(Basis.ground("Consent/1", "provision.provision[1]"));
    }

    @Test
    void nestedProvisionAppliesOnlyWithinItsParent() {
        // The nested permit names the GP, but the parent is limited to Conditions.
        Ground consent = consentByClient("Consent/1").provision(Provision.deny().classes("Condition")
                .nested(permitToGp())).build();
        DisclosureDecision d = decide(observation("o1"), consent);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.groundNotUsed("Consent/1", GroundEvaluation.NO_PROVISION_APPLIES));
    }

    @Test
    void untypedNestedProvisionIsTheOppositeOfItsParent() {
        Ground consent = consentByClient("Consent/1").provision(permitToGp()
                .nested(Provision.untyped().labels(REL)
                        .nested(Provision.untyped().data("Observation/o3")))).build();
        assertThat(decide(observation("o2", REL), consent).basis())
                .containsExactly(Basis.ground("Consent/1", "provision.provision[0]"));
        assertThat(decide(observation("o2", REL), consent).outcome()).isEqualTo(Outcome.DENY);
        DisclosureDecision d = decide(observation("o3", REL), consent);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision.provision[0].provision[0]"));
    }

    @Test
    void nestedExceptionWinsOverItsParentEvenWhenNoMoreSpecific() {
        // The nested permit adds only an action; the exception still beats its own parent.
        Ground consent = consentByClient("Consent/1").provision(Provision.deny()
                .recipient(Party.organisation(GP_URA)).purposes("COC")
                .nested(Provision.permit().actions("disclose"))).build();
        assertThat(decide(observation("o1"), consent).outcome()).isEqualTo(Outcome.PERMIT);
    }

    // --- specificity across grounds ---

    @Test
    void specificityOrdersDataThenClassAndLabelsThenActor() {
        int actorPurposeAction = ProvisionNode.specificity(ProvisionNode.ACTOR | ProvisionNode.PURPOSE | ProvisionNode.ACTION);
        int classOnly = ProvisionNode.specificity(ProvisionNode.CLASS);
        int classLabelsPeriod = ProvisionNode.specificity(ProvisionNode.CLASS | ProvisionNode.LABELS
                | ProvisionNode.DATA_PERIOD | ProvisionNode.ACTOR | ProvisionNode.PURPOSE | ProvisionNode.ACTION);
        int dataOnly = ProvisionNode.specificity(ProvisionNode.DATA);
        assertThat(actorPurposeAction).isLessThan(classOnly);
        assertThat(classOnly).isLessThan(classLabelsPeriod);
        assertThat(classLabelsPeriod).isLessThan(dataOnly);
        assertThat(ProvisionNode.specificity(ProvisionNode.CLASS)).isEqualTo(ProvisionNode.specificity(ProvisionNode.LABELS));
    }

    @Test
    void moreSpecificPermitBeatsGeneralObjection() {
        Ground objection = consentByClient("Consent/1").provision(Provision.deny()
                .recipient(Party.organisation(GP_URA)).purposes("COC")).build();
        Ground specific = consentByClient("Consent/2").provision(permitToGp().classes("Observation")).build();
        DisclosureDecision d = decide(observation("o1"), objection, specific);
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/2", "provision"));
    }

    @Test
    void moreSpecificDenyBeatsGeneralPermit() {
        Ground general = consentByClient("Consent/1").provision(permitToGp()).build();
        Ground objection = consentByClient("Consent/2").provision(Provision.deny().data("Observation/o1")).build();
        DisclosureDecision d = decide(observation("o1"), general, objection);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/2", "provision"));
        assertThat(decide(observation("o2"), general, objection).outcome()).isEqualTo(Outcome.PERMIT);
    }

    @Test
    void equallySpecificDenyWinsWhicheverComesFirst() {
        Ground permit = consentByClient("Consent/1").provision(permitToGp().classes("Observation")).build();
        Ground deny = consentByClient("Consent/2").provision(Provision.deny().recipient(Party.organisation(GP_URA))
                .purposes("COC").actions("disclose").labels(PSY)).build();
        for (List<Ground> order : List.of(List.of(permit, deny), List.of(deny, permit))) {
            DisclosureDecision d = engine.decide(gp(), observation("o1", PSY), adult, order, TODAY);
            assertThat(d.outcome()).isEqualTo(Outcome.DENY);
            assertThat(d.basis()).containsExactly(Basis.ground("Consent/2", "provision"),
                    Basis.policy(Rules.DENY_WINS),
                    Basis.groundNotUsed("Consent/1", "provision: equally specific permit, deny wins"));
        }
    }

    @Test
    void equallySpecificSiblingsInOneConsentDenyWins() {
        Ground consent = consentByClient("Consent/1").provision(Provision.deny()
                .nested(permitToGp().classes("Observation"))
                .nested(Provision.deny().recipient(Party.organisation(GP_URA)).purposes("COC").actions("disclose")
                        .labels(PSY))).build();
        DisclosureDecision d = decide(observation("o1", PSY), consent);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).startsWith(Basis.ground("Consent/1", "provision.provision[1]"));
    }

    @Test
    void ofTwoPermitsTheMoreSpecificIsNamed() {
        Ground general = consentByClient("Consent/1").provision(permitToGp()).build();
        Ground specific = consentByClient("Consent/2").provision(permitToGp().data("Observation/o1")).build();
        assertThat(decide(observation("o1"), general, specific).basis())
                .containsExactly(Basis.ground("Consent/2", "provision"));
    }

    @Test
    void invalidGroundsTakeNoPartInCombining() {
        Ground permit = consentByClient("Consent/1").provision(permitToGp()).build();
        Ground revokedObjection = consentByClient("Consent/2").status(GroundStatus.INACTIVE)
                .provision(Provision.deny().data("Observation/o1")).build();
        assertThat(decide(observation("o1"), permit, revokedObjection).outcome()).isEqualTo(Outcome.PERMIT);
    }
}
