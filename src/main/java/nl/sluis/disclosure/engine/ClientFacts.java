package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Facts about the client that decide who may consent and who may see.
 *
 * @param careTeamMemberIds Practitioner ids in the client's active CareTeam(s)
 * @param capacityJudgements wilsonbekwaam: professionals' judgements that the client lacks capacity regarding a
 *                          matter, each for a period (see {@link #lackingCapacity})
 */
public record ClientFacts(String clientId, LocalDate birthDate, Set<String> careTeamMemberIds,
                          List<LegalRepresentative> representatives, List<CapacityJudgement> capacityJudgements) {

    public ClientFacts {
        Objects.requireNonNull(clientId, "clientId");
        careTeamMemberIds = careTeamMemberIds == null ? Set.of() : Set.copyOf(careTeamMemberIds);
        representatives = representatives == null ? List.of() : List.copyOf(representatives);
        capacityJudgements = capacityJudgements == null ? List.of() : List.copyOf(capacityJudgements);
    }

    /**
     * The judgement in force on this day that the client lacks capacity to decide on sharing their information,
     * or null. Only from the 12th birthday does it matter (under 12 the parents decide anyway): callers check age.
     */
    public CapacityJudgement lackingCapacity(LocalDate date) {
        for (int i = 0; i < capacityJudgements.size(); i++) {
            CapacityJudgement judgement = capacityJudgements.get(i);
            if (judgement.concernsInformationSharingOn(date)) {
                return judgement;
            }
        }
        return null;
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
