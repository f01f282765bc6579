package nl.sluis.disclosure.engine;

/** The kinds of party a ground can name as performer or actor. */
public enum PartyKind {
    /** The client themself (FHIR Patient). */
    PATIENT,
    /** A parent, guardian, legal representative or other person close to the client (FHIR RelatedPerson). */
    RELATED_PERSON,
    /** A professional (FHIR Practitioner), optionally with a UZI role code. */
    PRACTITIONER,
    /** An organisation, identified by its URA number. */
    ORGANISATION
}
