package nl.sluis.disclosure.engine;

/** What a ground rests on. */
public enum GroundKind {
    /** Consent of the client, or of whoever may consent for the client at the client's age. */
    CLIENT_CONSENT,
    /** An exception to professional secrecy that needs no consent; see {@link LegalGroundCode}. */
    LEGAL_GROUND
}
