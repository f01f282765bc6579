package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Facts about the client that decide who may consent and who may see.
 *
 * @param careTeamMemberIds Practitioner ids in the client's active CareTeam(s)
 * @param lacksCapacity     wilsonbekwaam: a professional judged the client unable to decide on this matter
 */
public record ClientFacts(String clientId, LocalDate birthDate, Set<String> careTeamMemberIds,
                          List<LegalRepresentative> representatives, boolean lacksCapacity) {

    public ClientFacts {
        Objects.requireNonNull(clientId, "clientId");
        careTeamMemberIds = careTeamMemberIds == null ? Set.of() : Set.copyOf(careTeamMemberIds);
        representatives = representatives == null ? List.of() : List.copyOf(representatives);
    }

    /** The representative with this RelatedPerson id, or null. */
    public LegalRepresentative representative(String relatedPersonId) {
        for (int i = 0; i < representatives.size(); i++) {
            LegalRepresentative r = representatives.get(i);
            if (r.relatedPersonId().equals(relatedPersonId)) {
                return r;
            }
        }
        return null;
    }

    public boolean inCareTeam(String practitionerId) {
        return practitionerId != null && careTeamMemberIds.contains(practitionerId);
    }
}
