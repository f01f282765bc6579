package nl.sluis.disclosure.engine;

/** Who must consent to disclosure about a client aged 12 to 15 (who is not lacking capacity). */
public enum AdolescentConsentMode {
    /** The client and a parent or guardian with authority: sector practice and the safe default. */
    BOTH_CHILD_AND_PARENT,
    /** The client alone: the legal minimum under the WGBO. */
    CHILD_ONLY
}
