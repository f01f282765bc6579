package nl.sluis.disclosure.engine;

import java.util.Objects;

/**
 * A person or organisation named by a ground. {@code id} is the Patient, RelatedPerson or Practitioner id
 * the adapter uses consistently with {@link Requester}, or the URA for an organisation. {@code roleCode}
 * is the UZI role code (or local role) of a practitioner, else null.
 */
public record Party(PartyKind kind, String id, String roleCode) {

    public Party {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static Party patient(String patientId) {
        return new Party(PartyKind.PATIENT, patientId, null);
    }

    public static Party relatedPerson(String relatedPersonId) {
        return new Party(PartyKind.RELATED_PERSON, relatedPersonId, null);
    }

    public static Party practitioner(String practitionerId, String roleCode) {
        return new Party(PartyKind.PRACTITIONER, practitionerId, roleCode);
    }

    public static Party organisation(String ura) {
        return new Party(PartyKind.ORGANISATION, ura, null);
    }
}
