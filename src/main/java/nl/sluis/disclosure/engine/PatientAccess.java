package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Patient-facing requesters (a portal token whose user is the client or a RelatedPerson), action "access".
 * The client sees their own record; a parent or guardian with authority sees a client under 12; the legal
 * representative sees a client of 12 or over lacking capacity; otherwise a consent must name the
 * RelatedPerson; failing that, a parent with authority of a client aged 12 to 15 sees only resources a
 * professional released to parents, without free text. Resources carrying a label the policy withholds
 * (information about third parties) are never shown; elements carrying one are redacted.
 */
final class PatientAccess {

    static final String ACCESS = "access";
    /** A consent must name the RelatedPerson. */
    static final int TARGETED = ProvisionNode.ACTOR;

    private static final Set<Obligation> REDACT_ELEMENTS = Set.of(Obligation.REDACT_LABELLED_ELEMENTS);
    private static final DisclosureDecision WITHHELD = DisclosureDecision.deny(
            "The policy withholds data with this label from patient-facing access (e.g. third-party information).",
            Basis.policy(Rules.WITHHELD_FROM_PATIENT_FACING));
    private static final DisclosureDecision OWN_RECORD = DisclosureDecision.permit(
            "The client may see their own record.", Basis.law(Rules.RIGHT_OF_ACCESS));
    private static final DisclosureDecision OWN_RECORD_REDACTED = withheldElements(
            "The client may see their own record; withheld elements are redacted.", Basis.law(Rules.RIGHT_OF_ACCESS));
    private static final DisclosureDecision OTHER_CLIENT = DisclosureDecision.deny(
            "A client sees only their own record.", Basis.policy(Rules.PATIENT_FACING_DEFAULT_DENY));
    private static final DisclosureDecision BIRTH_DATE_UNKNOWN = DisclosureDecision.deny(
            "The client's birth date is unknown, so it cannot be told who acts for the client.",
            Basis.engine(Rules.BIRTH_DATE_UNKNOWN));
    private static final DisclosureDecision PARENT_UNDER_12 = DisclosureDecision.permit(
            "A parent or guardian with authority is entitled to information about a client under 12.",
            Basis.law(Rules.PARENT_UNDER_12));
    private static final DisclosureDecision PARENT_UNDER_12_REDACTED = withheldElements(
            "A parent or guardian with authority is entitled to information about a client under 12; "
                    + "withheld elements are redacted.", Basis.law(Rules.PARENT_UNDER_12));
    private static final DisclosureDecision REPRESENTATIVE = DisclosureDecision.permit(
            "The legal representative acts for a client of 12 or over who lacks capacity.",
            Basis.law(Rules.LEGAL_REPRESENTATIVE));
    private static final DisclosureDecision REPRESENTATIVE_REDACTED = withheldElements(
            "The legal representative acts for a client of 12 or over who lacks capacity; "
                    + "withheld elements are redacted.", Basis.law(Rules.LEGAL_REPRESENTATIVE));
    private static final DisclosureDecision RELEASED = DisclosureDecision.permit(Set.of(Obligation.REDACT_FREE_TEXT),
            "A professional released this resource to the parents of a client aged 12-15; free text is removed.",
            List.of(Basis.policy(Rules.RELEASED_TO_PARENTS)));
    private static final DisclosureDecision RELEASED_REDACTED = DisclosureDecision.permit(
            Set.of(Obligation.REDACT_FREE_TEXT, Obligation.REDACT_LABELLED_ELEMENTS),
            "A professional released this resource to the parents of a client aged 12-15; free text and "
                    + "withheld elements are removed.", List.of(Basis.policy(Rules.RELEASED_TO_PARENTS)));

    private final OrganisationPolicy policy;
    private final GroundEvaluation grounds;

    PatientAccess(OrganisationPolicy policy, GroundEvaluation grounds) {
        this.policy = policy;
        this.grounds = grounds;
    }

    DisclosureDecision decide(Requester requester, ResourceFacts resource, ClientFacts client,
                              List<Ground> candidates, LocalDate date) {
        Set<SecurityLabel> withheld = policy.withheldFromPatientFacing();
        if (intersects(resource.labels(), withheld)) {
            return WITHHELD;
        }
        boolean redactWithheld = intersects(resource.elementLabels(), withheld);
        Party who = requester.patientFacing();
        if (who.kind() == PartyKind.PATIENT) {
            if (!who.id().equals(client.clientId())) {
                return OTHER_CLIENT;
            }
            return redactWithheld ? OWN_RECORD_REDACTED : OWN_RECORD;
        }
        int age = Age.inYears(client.birthDate(), date);
        if (age == Age.UNKNOWN) {
            return BIRTH_DATE_UNKNOWN;
        }
        LegalRepresentative representative = client.representative(who.id());
        if (age < 12 && representative != null && representative.isParentOrGuardianWithAuthority()) {
            return redactWithheld ? PARENT_UNDER_12_REDACTED : PARENT_UNDER_12;
        }
        CapacityJudgement lacking = age >= 12 ? client.lackingCapacity(date) : null;
        if (lacking != null && lacking.representedBy(representative, who.id())) {
            return redactWithheld ? REPRESENTATIVE_REDACTED : REPRESENTATIVE;
        }
        ProvisionNode decisive = grounds.decisive(candidates, requester, ACCESS, resource, client, age, date, TARGETED);
        if (decisive != null) {
            if (decisive.type == ProvisionType.DENY) {
                return grounds.denied(decisive, candidates, requester, ACCESS, resource, client, age, date, TARGETED);
            }
            boolean redact = redactWithheld || ExternalDisclosure.needsRedaction(decisive, resource);
            return redact ? decisive.permitRedacted : decisive.permit;
        }
        if (age < 16 && representative != null && representative.isParentOrGuardianWithAuthority()
                && resource.labels().contains(SecurityLabel.RELEASED_TO_PARENTS)) {
            return redactWithheld ? RELEASED_REDACTED : RELEASED;
        }
        List<Basis> basis = new ArrayList<>();
        basis.add(Basis.policy(Rules.PATIENT_FACING_DEFAULT_DENY));
        basis.addAll(grounds.notUsed(candidates, requester, ACCESS, resource, client, age, date, TARGETED));
        return DisclosureDecision.deny(denialReason(age, representative), basis);
    }

    /**
     * Whether {@link #decide} could show anything of this client to this portal user today, whatever the resource
     * (labels withheld from patient-facing access withhold only some resources, so they are not considered).
     * Conservative: yes may still end in denials, no never does.
     */
    boolean mayShowAny(Requester requester, ClientFacts client, List<Ground> candidates, String resourceType,
                       LocalDate date) {
        Party who = requester.patientFacing();
        if (who.kind() == PartyKind.PATIENT) {
            return who.id().equals(client.clientId());
        }
        int age = Age.inYears(client.birthDate(), date);
        if (age == Age.UNKNOWN) {
            return false;
        }
        LegalRepresentative representative = client.representative(who.id());
        boolean parentWithAuthority = representative != null && representative.isParentOrGuardianWithAuthority();
        if (age < 12 && parentWithAuthority) {
            return true;
        }
        CapacityJudgement lacking = age >= 12 ? client.lackingCapacity(date) : null;
        if (lacking != null && lacking.representedBy(representative, who.id())) {
            return true;
        }
        if (grounds.mayPermit(candidates, requester, ACCESS, resourceType, client, age, date, TARGETED)) {
            return true;
        }
        return age < 16 && parentWithAuthority; // what a professional released to the parents
    }

    private static String denialReason(int age, LegalRepresentative representative) {
        if (representative == null || !representative.hasAuthority()) {
            return "Requester does not act for the client and no consent names them.";
        }
        return age < 16
                ? "Client aged 12-15: parents see only what a professional released to them."
                : "Client aged 16 or over: parents see nothing without the client's consent.";
    }

    private static boolean intersects(Set<SecurityLabel> labels, Set<SecurityLabel> withheld) {
        if (labels.isEmpty() || withheld.isEmpty()) {
            return false;
        }
        for (SecurityLabel label : labels) {
            if (withheld.contains(label)) {
                return true;
            }
        }
        return false;
    }

    private static DisclosureDecision withheldElements(String reason, Basis basis) {
        return DisclosureDecision.permit(REDACT_ELEMENTS, reason,
                List.of(basis, Basis.policy(Rules.WITHHELD_FROM_PATIENT_FACING)));
    }
}
