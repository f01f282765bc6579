package nl.sluis.disclosure.engine;

/** Consent.provision.type. */
public enum ProvisionType {
    PERMIT, DENY;

    ProvisionType opposite() {
        return this == PERMIT ? DENY : PERMIT;
    }
}
