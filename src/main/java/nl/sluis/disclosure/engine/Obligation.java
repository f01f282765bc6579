package nl.sluis.disclosure.engine;

/** What the adapter must do to a permitted resource before it leaves, with the v3-ActCode it maps to. */
public enum Obligation {
    /** Remove narrative, notes, free-text answers and other free text. */
    REDACT_FREE_TEXT("REDACT"),
    /** Remove elements carrying inline security labels the ground did not name or the policy withholds. */
    REDACT_LABELLED_ELEMENTS("REDACT"),
    /** Disclose only what the purpose needs (subsidiarity of a disclosure without consent). */
    MINIMUM_NECESSARY("MINEC"),
    /** Anonymised copy: no identifiers, names, telecom, address; ages in bands; dates to months; no free text. */
    DEIDENTIFY("DEID");

    private final String actCode;

    Obligation(String actCode) {
        this.actCode = actCode;
    }

    /** Code in {@link SecurityLabel#ACT_CODE_SYSTEM}, for meta.security and audit. */
    public String actCode() {
        return actCode;
    }
}
