package nl.sluis.disclosure.engine;

/**
 * The kind of weighing (afweging) a legal ground rests on; each kind records what the law asks for that
 * ground (see {@link LegalGroundCode#weighingType()}).
 */
public enum WeighingType {
    /** Conflict van plichten: the five conditions, each answered yes or no with an explanation. */
    CONFLICT_OF_DUTIES,
    /** A legal duty or a legal right to report (wettelijke plicht, meldrecht): the legal basis and recipient type. */
    STATUTORY,
    /** Zwaarwegend belang: the compelling interest. */
    COMPELLING_INTEREST
}
