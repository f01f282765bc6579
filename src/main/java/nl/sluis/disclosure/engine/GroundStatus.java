package nl.sluis.disclosure.engine;

/** Consent.status. Only ACTIVE grounds permit anything; INACTIVE is how a consent is revoked. */
public enum GroundStatus { DRAFT, PROPOSED, ACTIVE, REJECTED, INACTIVE, ENTERED_IN_ERROR }
