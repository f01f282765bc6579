package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for one requester and one resource, whether the resource may be shown or leave the organisation,
 * with which obligations, and on which basis. Pure and thread-safe: no I/O, no clock, no mutable state.
 * Build one per organisation policy and reuse it.
 */
public final class DisclosureEngine {

    /** The organisation's privacy officer (functionaris gegevensbescherming): oversees, never treats. */
    public static final String PRIVACY_OFFICER_ROLE = "privacy-officer";

    private static final DisclosureDecision NOT_CLIENT_DATA = DisclosureDecision.permit(
            "The resource holds no data about a client.", Basis.policy(Rules.NOT_CLIENT_DATA));
    private static final DisclosureDecision VERY_RESTRICTED_NO_CLIENT = DisclosureDecision.deny(
            "Very restricted data: only roles named by the policy.", Basis.policy(Rules.VERY_RESTRICTED));
    private static final DisclosureDecision CLIENT_FACTS_MISSING = DisclosureDecision.deny(
            "No client facts were supplied for client data; failing closed.", Basis.engine(Rules.CLIENT_FACTS_MISSING));
    private static final DisclosureDecision CLIENT_NOT_ESTABLISHED = DisclosureDecision.deny(
            "The resource is client data but its client cannot be established; failing closed.",
            Basis.engine(Rules.CLIENT_NOT_ESTABLISHED));
    private static final DisclosureDecision CLIENT_FACTS_MISMATCH = DisclosureDecision.deny(
            "The client facts are about another client than the resource; failing closed.",
            Basis.engine(Rules.CLIENT_FACTS_MISMATCH));
    private static final DisclosureDecision INTERNAL_URA_MISMATCH = DisclosureDecision.deny(
            "Requester claims to be internal but its organisation is not this one; failing closed.",
            Basis.engine(Rules.INTERNAL_URA_MISMATCH));

    private final OrganisationPolicy policy;
    private final InternalAccess internal;
    private final ExternalDisclosure external;
    private final PatientAccess patientFacing;

    public DisclosureEngine(OrganisationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        GroundEvaluation grounds = new GroundEvaluation(policy);
        this.internal = new InternalAccess(policy);
        this.external = new ExternalDisclosure(policy, grounds);
        this.patientFacing = new PatientAccess(policy, grounds);
    }

    public OrganisationPolicy policy() {
        return policy;
    }

    /**
     * Whether {@link #decide} could disclose <em>any</em> resource about this client to this requester on this day
     * (permit, permit with obligations or de-identify), whatever its type, labels, data categories, data date or id.
     * Conservative: it may answer yes when every resource would in the end be denied (it does not look at what a
     * provision says about the data, nor at denials), but it never answers no when some resource of the client
     * would be disclosed. Lets an adapter leave a client out of a search before any of its records is loaded.
     * Covers resources whose client is established as this one; data about no client is not its concern.
     *
     * @param client  facts about the client; null answers no (decisions fail closed without them)
     * @param grounds the client's Consents with scope patient-privacy (any status), as for {@link #decide}
     */
    public boolean mayDiscloseAnyOf(Requester requester, ClientFacts client, List<Ground> grounds, LocalDate date) {
        return mayDiscloseAnyOf(requester, client, grounds, null, date);
    }

    /**
     * As {@link #mayDiscloseAnyOf(Requester, ClientFacts, List, LocalDate)} for the client's resources of one type
     * (a search's type): provisions whose classes, or whose named resources, are all of other types are not counted.
     *
     * @param resourceType the FHIR type of the resources in question; null: any type
     */
    public boolean mayDiscloseAnyOf(Requester requester, ClientFacts client, List<Ground> grounds, String resourceType,
                                    LocalDate date) {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(date, "date");
        List<Ground> candidates = grounds == null ? List.of() : grounds;
        if (requester.internal() && !policy.ownUra().equals(requester.organisationUra())) {
            return false;
        }
        if ((resourceType == null || AuditTrailAccess.AUDIT_EVENT.equals(resourceType))
                && AuditTrailAccess.decide(requester).isDisclosed()) {
            return true; // the audit trail about the client (AuditEvents)
        }
        if (client == null) {
            return false;
        }
        if (requester.patientFacing() != null) {
            return patientFacing.mayShowAny(requester, client, candidates, resourceType, date);
        }
        if (requester.internal()) {
            return internal.mayPermitAny(requester, client);
        }
        return external.mayDiscloseAny(requester, client, candidates, resourceType, date);
    }

    /**
     * The recipients one of a client's grounds must name (as a provision actor) before anything about that client
     * may be disclosed to this requester, when naming is all it could take: for every client, grounds, date and
     * resource type other than AuditEvent, {@link #mayDiscloseAnyOf} answers no unless some provision actor of the
     * grounds is one of these parties (compared by kind and id; {@link Actor#matches}). An external permit must name
     * its recipient ({@link ExternalDisclosure#TARGETED}), so an adapter can find the clients that could disclose to a
     * requester from the recipients their grounds name, before it loads any of their records.
     *
     * @return empty when no such set exists (the organisation's own users, the client and their relatives, and
     *         purposes the policy answers de-identified, whatever the grounds); an empty set when nothing about any
     *         client may be disclosed to this requester (a purpose the organisation does not disclose for)
     */
    public Optional<Set<Party>> recipientsAGroundMustName(Requester requester) {
        Objects.requireNonNull(requester, "requester");
        if (requester.internal() || requester.patientFacing() != null) {
            return Optional.empty();
        }
        String purpose = requester.purposeOfUse();
        if (purpose != null && policy.deidentifiedPurposes().contains(purpose)) {
            return Optional.empty();
        }
        if (purpose == null || !policy.acceptedExternalPurposes().contains(purpose)) {
            return Optional.of(Set.of());
        }
        Set<Party> recipients = new HashSet<>();
        if (requester.organisationUra() != null) {
            recipients.add(Party.organisation(requester.organisationUra()));
        }
        if (requester.userId() != null) {
            recipients.add(Party.practitioner(requester.userId(), null));
        }
        return Optional.of(Set.copyOf(recipients));
    }

    /**
     * The care-team members one of whom the requester must be before anything about a client may be shown to it, when
     * that is all it could take: for every client, grounds, date and resource type other than AuditEvent,
     * {@link #mayDiscloseAnyOf} answers no unless the client's care team holds one of these parties (by id; {@link
     * ClientFacts#inCareTeam}). The organisation's own users without a need-to-know or very-restricted role see only
     * their care team's clients ({@link InternalAccess}), so an adapter can find those clients from the care teams
     * that name the requester.
     *
     * @return empty when no such set exists (anyone but the organisation's own users; a role with need-to-know or
     *         very-restricted access, with or without a user id); an empty set when nothing about any client may be
     *         shown (a claimed own user of another organisation, or one without such a role and without a user id)
     */
    public Optional<Set<Party>> careTeamMembersRequired(Requester requester) {
        Objects.requireNonNull(requester, "requester");
        if (!requester.internal()) {
            return Optional.empty();
        }
        if (!policy.ownUra().equals(requester.organisationUra())) {
            return Optional.of(Set.of());
        }
        String role = requester.roleCode();
        if (role != null && (policy.needToKnowRoles().contains(role) || policy.veryRestrictedRoles().contains(role))) {
            return Optional.empty(); // the role sees every client's records, with or without a user id
        }
        return Optional.of(requester.userId() == null ? Set.of() : Set.of(Party.practitioner(requester.userId(), null)));
    }

    /**
     * Whether {@link #decide} could disclose a very restricted resource (label V) about this client to this requester,
     * whatever its type, categories or id. Conservative: yes may still end in denials, no never does. The
     * organisation's own users: a very-restricted role, or the client's care team. External requesters: a purpose the
     * policy answers de-identified, or some provision of the grounds (any status, at any depth) that names the label
     * V, particular records, or data categories (a permit of categories covers records very restricted by nature). Lets
     * an adapter leave the client's V-labelled records out of a search before any is loaded.
     *
     * @param client  facts about the client; null answers no (decisions fail closed without them)
     * @param grounds the client's Consents with scope patient-privacy (any status), as for {@link #decide}
     */
    public boolean mayDiscloseVeryRestricted(Requester requester, ClientFacts client, List<Ground> grounds) {
        Objects.requireNonNull(requester, "requester");
        if (client == null) {
            return false;
        }
        if (requester.patientFacing() != null) {
            return true;
        }
        if (requester.internal()) {
            Optional<Set<Party>> members = careTeamMembersRequiredForVeryRestricted(requester);
            return members.isEmpty() || members.get().stream().anyMatch(member -> client.inCareTeam(member.id()));
        }
        return external.mayDiscloseVeryRestricted(requester, grounds);
    }

    /**
     * The care-team members one of whom the requester must be before a very restricted record (label V) about a client
     * may be shown to it: for every client, grounds, date and resource labelled V, {@link #decide} denies unless the
     * client's care team holds one of these parties (by id; {@link ClientFacts#inCareTeam}). The organisation's own
     * users without a very-restricted role see such records of their care team's clients only ({@link InternalAccess},
     * need-to-know roles included), so an adapter can leave V-labelled records out of their searches before any SQL,
     * when the search can match only clients whose care team does not name them.
     *
     * @return empty when no such set exists (anyone but the organisation's own users; a very-restricted role); an
     *         empty set when no V-labelled record may be shown at all (a claimed own user of another organisation, or
     *         one without a very-restricted role and without a user id)
     */
    public Optional<Set<Party>> careTeamMembersRequiredForVeryRestricted(Requester requester) {
        Objects.requireNonNull(requester, "requester");
        if (!requester.internal() || requester.patientFacing() != null) {
            return Optional.empty();
        }
        if (!policy.ownUra().equals(requester.organisationUra())) {
            return Optional.of(Set.of());
        }
        String role = requester.roleCode();
        if (role != null && policy.veryRestrictedRoles().contains(role)) {
            return Optional.empty();
        }
        return Optional.of(requester.userId() == null ? Set.of() : Set.of(Party.practitioner(requester.userId(), null)));
    }

    /**
     * @param requester who asks (from the token)
     * @param resource  metadata of the resource asked for
     * @param client    facts about the client the resource is about; may be null only for non-client data
     * @param grounds   the client's Consents with scope patient-privacy (any status; the engine filters)
     * @param date      the day of the request, in the organisation's time zone; ages and periods use it
     */
    public DisclosureDecision decide(Requester requester, ResourceFacts resource, ClientFacts client,
                                     List<Ground> grounds, LocalDate date) {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(date, "date");
        List<Ground> candidates = grounds == null ? List.of() : grounds;
        if (requester.internal() && !policy.ownUra().equals(requester.organisationUra())) {
            return INTERNAL_URA_MISMATCH;
        }
        if (AuditTrailAccess.isAuditTrail(resource)) {
            return AuditTrailAccess.decide(requester); // before client data: the care team sees no audit trail
        }
        if (resource.clientNotEstablished()) {
            return CLIENT_NOT_ESTABLISHED;
        }
        if (!resource.isClientData()) {
            if (!resource.isVeryRestricted()) {
                return NOT_CLIENT_DATA;
            }
            return requester.internal() ? internal.decide(requester, resource, null) : VERY_RESTRICTED_NO_CLIENT;
        }
        if (client == null) {
            return CLIENT_FACTS_MISSING;
        }
        if (!resource.clientId().equals(client.clientId())) {
            return CLIENT_FACTS_MISMATCH;
        }
        if (requester.patientFacing() != null) {
            return patientFacing.decide(requester, resource, client, candidates, date);
        }
        if (requester.internal()) {
            return internal.decide(requester, resource, client);
        }
        return external.decide(requester, resource, client, candidates, date);
    }
}
