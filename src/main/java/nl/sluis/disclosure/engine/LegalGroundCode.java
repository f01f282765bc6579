package nl.sluis.disclosure.engine;

/** The legal grounds to disclose without consent (Consent.policyRule of a legal-ground Consent). */
public enum LegalGroundCode {
    /** Conflict van plichten: silence very likely causes serious harm and disclosure can prevent it. */
    CONFLICT_OF_DUTIES(WeighingType.CONFLICT_OF_DUTIES),
    /** A statutory duty to provide information. */
    LEGAL_DUTY(WeighingType.STATUTORY),
    /** A statutory right to report, e.g. the Meldcode to Veilig Thuis. */
    RIGHT_TO_REPORT(WeighingType.STATUTORY),
    /** A compelling interest, interpreted narrowly. */
    COMPELLING_INTEREST(WeighingType.COMPELLING_INTEREST);

    private final WeighingType weighingType;

    LegalGroundCode(WeighingType weighingType) {
        this.weighingType = weighingType;
    }

    /** The kind of weighing this ground must rest on: a duty and a right to report both name their legal basis. */
    public WeighingType weighingType() {
        return weighingType;
    }
}
