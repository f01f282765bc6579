package nl.sluis.disclosure.engine;

/** The legal grounds to disclose without consent (Consent.policyRule of a legal-ground Consent). */
public enum LegalGroundCode {
    /** Conflict van plichten: silence very likely causes serious harm and disclosure can prevent it. */
    CONFLICT_OF_DUTIES,
    /** A statutory duty to provide information. */
    LEGAL_DUTY,
    /** A statutory right to report, e.g. the Meldcode to Veilig Thuis. */
    RIGHT_TO_REPORT,
    /** A compelling interest, interpreted narrowly. */
    COMPELLING_INTEREST
}
