package nl.sluis.disclosure.engine;

/**
 * The audit trail (NEN 7513 AuditEvents) is not client data to be shared by need-to-know or consent: an
 * event names every resource a request touched — also the very restricted ones withheld from it — what the
 * requester typed (other clients' BSNs and ids among it) and who asked (another client, Veilig Thuis, ...).
 * Its entities would each need their own decision, and the fact that an access was logged can itself tell
 * what exists. So an AuditEvent is shown only to the privacy officer; the client reads what concerns them
 * through the overview ({@code $disclosure-overview}), which picks those parts itself. Trusted systems are
 * never asked about.
 */
final class AuditTrailAccess {

    static final String AUDIT_EVENT = "AuditEvent";

    private static final DisclosureDecision PRIVACY_OFFICER = DisclosureDecision.permit(
            "The privacy officer oversees the audit trail.", Basis.policy(Rules.AUDIT_TRAIL_PRIVACY_OFFICER));
    private static final DisclosureDecision NOT_SHARED = DisclosureDecision.deny(
            "The audit trail is for the privacy officer; a client sees what concerns them in their overview.",
            Basis.policy(Rules.AUDIT_TRAIL_NOT_SHARED));

    private AuditTrailAccess() {
    }

    static boolean isAuditTrail(ResourceFacts resource) {
        return AUDIT_EVENT.equals(resource.resourceType());
    }

    static DisclosureDecision decide(Requester requester) {
        return requester.internal() && DisclosureEngine.PRIVACY_OFFICER_ROLE.equals(requester.roleCode())
                ? PRIVACY_OFFICER : NOT_SHARED;
    }
}
