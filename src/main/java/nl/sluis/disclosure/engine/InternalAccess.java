package nl.sluis.disclosure.engine;

/**
 * Internal requesters (own URA): need-to-know. The care team, and roles the policy names, see client data;
 * very restricted data only the care team and the roles named for it. Consents are not consulted: sharing
 * within the treatment relationship needs none, and a consent never widens an internal user's access.
 */
final class InternalAccess {

    private static final DisclosureDecision CARE_TEAM = DisclosureDecision.permit(
            "Requester is in the client's active care team.", Basis.law(Rules.NEED_TO_KNOW_CARE_TEAM));
    private static final DisclosureDecision ROLE = DisclosureDecision.permit(
            "Requester's role has need-to-know access under the organisation policy.",
            Basis.policy(Rules.NEED_TO_KNOW_ROLE), Basis.law(Rules.NEED_TO_KNOW_CARE_TEAM));
    private static final DisclosureDecision VERY_RESTRICTED_ROLE = DisclosureDecision.permit(
            "Requester's role may see very restricted data under the organisation policy.",
            Basis.policy(Rules.VERY_RESTRICTED_ROLE));
    private static final DisclosureDecision VERY_RESTRICTED_DENIED = DisclosureDecision.deny(
            "Very restricted data: only the care team and roles named by the policy.",
            Basis.policy(Rules.VERY_RESTRICTED));
    private static final DisclosureDecision NO_NEED_TO_KNOW = DisclosureDecision.deny(
            "Requester is not in the care team and has no need-to-know role.",
            Basis.policy(Rules.INTERNAL_NO_NEED_TO_KNOW), Basis.law(Rules.PROFESSIONAL_SECRECY));

    private final OrganisationPolicy policy;

    InternalAccess(OrganisationPolicy policy) {
        this.policy = policy;
    }

    /**
     * Whether {@link #decide} could permit anything of this client: the care team, a need-to-know role, or a role
     * that may see very restricted data.
     */
    boolean mayPermitAny(Requester requester, ClientFacts client) {
        if (client.inCareTeam(requester.userId())) {
            return true;
        }
        String role = requester.roleCode();
        return role != null && (policy.needToKnowRoles().contains(role) || policy.veryRestrictedRoles().contains(role));
    }

    /** {@code client} is null for very restricted data that is not about a client. */
    DisclosureDecision decide(Requester requester, ResourceFacts resource, ClientFacts client) {
        boolean inCareTeam = client != null && client.inCareTeam(requester.userId());
        String role = requester.roleCode();
        if (resource.isVeryRestricted()) {
            if (inCareTeam) {
                return CARE_TEAM;
            }
            return role != null && policy.veryRestrictedRoles().contains(role) ? VERY_RESTRICTED_ROLE
                    : VERY_RESTRICTED_DENIED;
        }
        if (inCareTeam) {
            return CARE_TEAM;
        }
        return role != null && policy.needToKnowRoles().contains(role) ? ROLE : NO_NEED_TO_KNOW;
    }
}
