package nl.sluis.disclosure.engine;

/**
 * Who asks, as the security layer established it from the token.
 *
 * @param organisationUra URA of the requesting organisation (null for patient-facing requesters)
 * @param internal        true when the organisation is this server's own (the engine re-checks the URA)
 * @param userId          the requesting professional's Practitioner id (as used in CareTeam and in grounds)
 * @param roleCode        UZI role code (e.g. 01.035 psychiater) or a local role (e.g. aandachtsfunctionaris)
 * @param onBehalfOf      the responsible user the requester acts for (NEN 7513); recorded, grants nothing
 * @param purposeOfUse    v3-ActReason code: TREAT, COC, HLEGAL, THREAT, PUBHLTH, ...
 * @param patientFacing   for a client or RelatedPerson using a patient portal: that party (kind PATIENT
 *                        or RELATED_PERSON), else null
 */
public record Requester(String organisationUra, boolean internal, String userId, String roleCode,
                        String onBehalfOf, String purposeOfUse, Party patientFacing) {

    public Requester {
        if (patientFacing != null && patientFacing.kind() != PartyKind.PATIENT
                && patientFacing.kind() != PartyKind.RELATED_PERSON) {
            throw new IllegalArgumentException("patient-facing requester must be a PATIENT or RELATED_PERSON");
        }
        if (patientFacing != null && internal) {
            throw new IllegalArgumentException("a patient-facing requester is not an internal user");
        }
    }

    public static Requester internal(String ownUra, String userId, String roleCode, String purposeOfUse) {
        return new Requester(ownUra, true, userId, roleCode, null, purposeOfUse, null);
    }

    public static Requester external(String ura, String userId, String roleCode, String purposeOfUse) {
        return new Requester(ura, false, userId, roleCode, null, purposeOfUse, null);
    }

    /** The client themself, e.g. through a patient portal. */
    public static Requester client(String patientId) {
        return new Requester(null, false, null, null, null, null, Party.patient(patientId));
    }

    /** A parent, guardian or other person close to the client, through a portal. */
    public static Requester relatedPerson(String relatedPersonId) {
        return new Requester(null, false, null, null, null, null, Party.relatedPerson(relatedPersonId));
    }

    public Requester onBehalfOf(String responsibleUserId) {
        return new Requester(organisationUra, internal, userId, roleCode, responsibleUserId, purposeOfUse, patientFacing);
    }

    public Requester withPurpose(String purpose) {
        return new Requester(organisationUra, internal, userId, roleCode, onBehalfOf, purpose, patientFacing);
    }
}
