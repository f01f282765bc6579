package nl.sluis.disclosure.engine;

import java.util.Objects;

/**
 * Consent.provision.actor: the party the provision is about, with its participation role (IRCP, the
 * information recipient, for disclosures). The engine matches the party; the role is kept for the record.
 */
public record Actor(String role, Party party) {

    public static final String RECIPIENT = "IRCP";

    public Actor {
        Objects.requireNonNull(party, "party");
    }

    public static Actor recipient(Party party) {
        return new Actor(RECIPIENT, party);
    }

    boolean matches(Requester requester) {
        Party facing = requester.patientFacing();
        return switch (party.kind()) {
            case ORGANISATION -> facing == null && party.id().equals(requester.organisationUra());
            case PRACTITIONER -> facing == null && party.id().equals(requester.userId());
            case RELATED_PERSON, PATIENT -> facing != null && facing.kind() == party.kind()
                    && party.id().equals(facing.id());
        };
    }
}
