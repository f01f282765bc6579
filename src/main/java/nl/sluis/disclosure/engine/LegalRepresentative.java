package nl.sluis.disclosure.engine;

import java.util.Objects;

/**
 * A RelatedPerson who may act for the client.
 *
 * @param hasAuthority true for a parent with parental authority (gezag), an appointed guardian (voogd), or
 *                     an adult's legal representative (mentor, curator); only they consent or see on the
 *                     client's behalf
 */
public record LegalRepresentative(String relatedPersonId, Relationship relationship, boolean hasAuthority) {

    public enum Relationship { PARENT, GUARDIAN, LEGAL_REPRESENTATIVE }

    public LegalRepresentative {
        Objects.requireNonNull(relatedPersonId, "relatedPersonId");
        Objects.requireNonNull(relationship, "relationship");
    }

    public static LegalRepresentative parentWithAuthority(String relatedPersonId) {
        return new LegalRepresentative(relatedPersonId, Relationship.PARENT, true);
    }

    boolean isParentOrGuardianWithAuthority() {
        return hasAuthority && relationship != Relationship.LEGAL_REPRESENTATIVE;
    }
}
