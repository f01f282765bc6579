package nl.sluis.disclosure.engine;

/** Identifiers of the law and policy rules a {@link Basis} can name; stable, for audit and explanation. */
public final class Rules {

    /** WGBO 7:457 lid 2: those directly involved in treatment (the care team) need no consent. */
    public static final String NEED_TO_KNOW_CARE_TEAM = "WGBO-7:457-need-to-know";
    /** WGBO 7:457 lid 1: professional secrecy (beroepsgeheim); nothing leaves without a ground. */
    public static final String PROFESSIONAL_SECRECY = "WGBO-7:457-professional-secrecy";
    /** WGBO 7:456: the client's right of access to their own record. */
    public static final String RIGHT_OF_ACCESS = "WGBO-7:456-right-of-access";
    /** WGBO 7:465 lid 1: parents or guardian with authority act for a client under 12. */
    public static final String PARENT_UNDER_12 = "WGBO-7:465-parent-under-12";
    /** WGBO 7:465 lid 2-3: the legal representative acts for a client of 12 or over lacking capacity. */
    public static final String LEGAL_REPRESENTATIVE = "WGBO-7:465-legal-representative";

    public static final String NEED_TO_KNOW_ROLE = "policy:need-to-know-role";
    public static final String VERY_RESTRICTED_ROLE = "policy:very-restricted-role";
    public static final String VERY_RESTRICTED = "policy:very-restricted";
    public static final String VERY_RESTRICTED_NEEDS_EXPLICIT_GROUND = "policy:very-restricted-needs-explicit-ground";
    public static final String INTERNAL_NO_NEED_TO_KNOW = "policy:internal-no-need-to-know";
    public static final String EXTERNAL_DEFAULT_DENY = "policy:external-default-deny";
    public static final String EXTERNAL_PURPOSE_NOT_ACCEPTED = "policy:external-purpose-not-accepted";
    public static final String DEIDENTIFIED_DISCLOSURE = "policy:deidentified-disclosure";
    public static final String DENY_WINS = "policy:deny-wins-equal-specificity";
    public static final String NOT_CLIENT_DATA = "policy:not-client-data";
    public static final String WITHHELD_FROM_PATIENT_FACING = "policy:withheld-from-patient-facing";
    public static final String RELEASED_TO_PARENTS = "policy:released-to-parents";
    public static final String AUDIT_TRAIL_NOT_SHARED = "policy:audit-trail-not-shared";
    public static final String AUDIT_TRAIL_PRIVACY_OFFICER = "policy:audit-trail-privacy-officer";
    public static final String PATIENT_FACING_DEFAULT_DENY = "policy:patient-facing-default-deny";

    public static final String CLIENT_FACTS_MISSING = "engine:client-facts-missing";
    /** Client data whose client cannot be established (unknown BSN, contained or foreign Patient, none). */
    public static final String CLIENT_NOT_ESTABLISHED = "engine:client-not-established";
    public static final String CLIENT_FACTS_MISMATCH = "engine:client-facts-mismatch";
    public static final String INTERNAL_URA_MISMATCH = "engine:internal-requester-ura-mismatch";
    public static final String BIRTH_DATE_UNKNOWN = "engine:birth-date-unknown";
    /** A provision names a data category Sluis does not know: a permit applies to nothing, a deny to all data. */
    public static final String UNKNOWN_DATA_CATEGORY = "engine:unknown-data-category";

    private Rules() {
    }
}
