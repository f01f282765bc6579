package nl.sluis.disclosure.engine;

/** What happens to the resource. A DENY must look to the requester exactly like a missing resource. */
public enum Outcome { PERMIT, PERMIT_WITH_OBLIGATIONS, DEIDENTIFY, DENY }
