package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * External requesters: professional secrecy, so deny unless a valid ground permits. A permit must be
 * targeted: it names the recipient (organisation URA or practitioner) and the purpose, and the request's
 * action is "disclose". With no applicable provision and a purpose the policy serves de-identified, the
 * requester gets an anonymised copy (anonymous data is no personal data).
 */
final class ExternalDisclosure {

    static final String DISCLOSE = "disclose";
    /** What an external permit must name. */
    static final int TARGETED = ProvisionNode.ACTOR | ProvisionNode.PURPOSE;

    private static final DisclosureDecision PURPOSE_NOT_ACCEPTED = DisclosureDecision.deny(
            "The organisation does not disclose for this purpose of use.",
            Basis.policy(Rules.EXTERNAL_PURPOSE_NOT_ACCEPTED), Basis.law(Rules.PROFESSIONAL_SECRECY));
    private static final DisclosureDecision DEIDENTIFIED = DisclosureDecision.deidentify(
            "No ground permits identifiable disclosure; the policy allows an anonymised copy for this purpose.",
            Basis.policy(Rules.DEIDENTIFIED_DISCLOSURE));

    private final OrganisationPolicy policy;
    private final GroundEvaluation grounds;

    ExternalDisclosure(OrganisationPolicy policy, GroundEvaluation grounds) {
        this.policy = policy;
        this.grounds = grounds;
    }

    DisclosureDecision decide(Requester requester, ResourceFacts resource, ClientFacts client,
                              List<Ground> candidates, LocalDate date) {
        String purpose = requester.purposeOfUse();
        boolean deidentifiable = purpose != null && policy.deidentifiedPurposes().contains(purpose);
        if (purpose == null || !(deidentifiable || policy.acceptedExternalPurposes().contains(purpose))) {
            return PURPOSE_NOT_ACCEPTED;
        }
        int age = Age.inYears(client.birthDate(), date);
        ProvisionNode decisive = grounds.decisive(candidates, requester, DISCLOSE, resource, client, age, date, TARGETED);
        if (decisive != null) {
            if (decisive.type == ProvisionType.DENY) {
                return grounds.denied(decisive, candidates, requester, DISCLOSE, resource, client, age, date, TARGETED);
            }
            return needsRedaction(decisive, resource) ? decisive.permitRedacted : decisive.permit;
        }
        if (deidentifiable) {
            return DEIDENTIFIED;
        }
        List<Basis> basis = new ArrayList<>();
        basis.add(Basis.policy(Rules.EXTERNAL_DEFAULT_DENY));
        basis.add(Basis.law(Rules.PROFESSIONAL_SECRECY));
        if (resource.isVeryRestricted()) {
            basis.add(Basis.policy(Rules.VERY_RESTRICTED_NEEDS_EXPLICIT_GROUND));
        }
        basis.addAll(grounds.notUsed(candidates, requester, DISCLOSE, resource, client, age, date, TARGETED));
        return DisclosureDecision.deny("No valid ground permits disclosure to this requester (professional secrecy).",
                basis);
    }

    /**
     * Whether {@link #decide} could disclose anything of this client to this requester today, whatever the
     * resource: the purpose is accepted and either the policy answers it de-identified or a valid ground has a
     * permit that could apply to this requester. Conservative: yes may still end in denials, no never does.
     */
    boolean mayDiscloseAny(Requester requester, ClientFacts client, List<Ground> candidates, String resourceType,
                           LocalDate date) {
        Boolean byPurpose = byPurposeAlone(requester);
        if (byPurpose != null) {
            return byPurpose;
        }
        int age = Age.inYears(client.birthDate(), date);
        return grounds.mayPermit(candidates, requester, DISCLOSE, resourceType, client, age, date, TARGETED);
    }

    /**
     * Whether {@link #decide} could disclose a very restricted resource of the client: the purpose is answered
     * de-identified, or it is accepted and some provision of the grounds (any status, any depth) names the label V,
     * particular records or data categories, the only ways a permit covers V. Conservative like {@link #mayDiscloseAny}.
     */
    boolean mayDiscloseVeryRestricted(Requester requester, List<Ground> candidates) {
        Boolean byPurpose = byPurposeAlone(requester);
        if (byPurpose != null) {
            return byPurpose;
        }
        return candidates != null && candidates.stream()
                .anyMatch(ground -> ground.provision() != null && mayCoverVeryRestricted(ground.provision()));
    }

    private static boolean mayCoverVeryRestricted(Provision provision) {
        return !provision.data().isEmpty() || !provision.categories().isEmpty()
                || provision.labels().contains(SecurityLabel.VERY_RESTRICTED)
                || provision.provisions().stream().anyMatch(ExternalDisclosure::mayCoverVeryRestricted);
    }

    /** What the purpose alone says: no (none, or not served), yes (answered de-identified), or null: the grounds decide. */
    private Boolean byPurposeAlone(Requester requester) {
        String purpose = requester.purposeOfUse();
        if (purpose == null) {
            return false;
        }
        if (policy.deidentifiedPurposes().contains(purpose)) {
            return true;
        }
        return policy.acceptedExternalPurposes().contains(purpose) ? null : Boolean.FALSE;
    }

    /** Elements carrying labels the permitting provision does not name are not covered by it. */
    static boolean needsRedaction(ProvisionNode decisive, ResourceFacts resource) {
        return !resource.elementLabels().isEmpty() && !decisive.effectiveLabels.containsAll(resource.elementLabels());
    }
}
