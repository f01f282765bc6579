package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A professional's recorded judgement that the client lacks capacity (is wilsonbekwaam) regarding a matter:
 * for that matter, from the client's 12th birthday on, the representative decides instead of the client
 * (WGBO 7:465). Capacity is judged per matter and for a time, so the judgement counts only for its matter and
 * on the days of its period.
 *
 * @param id              e.g. "Observation/42", for the record
 * @param matter          what the client cannot decide on (code of {@code capacity-matter}); disclosure decisions
 *                        read {@link #INFORMATION_SHARING} only
 * @param period          the days the judgement holds (start required; an open end holds until ended)
 * @param assessedBy      who judged (a Practitioner or PractitionerRole reference), for the record
 * @param assessedOn      when they judged, for the record
 * @param representativeIds the RelatedPerson ids the judgement names as representing the client; empty: any
 *                        legal representative with authority (a parent or guardian with authority, a mentor or curator)
 */
public record CapacityJudgement(String id, String matter, DateRange period, String assessedBy, LocalDate assessedOn,
                                List<String> representativeIds) {

    /** Consenting to sharing the client's information with others, and access by others. */
    public static final String INFORMATION_SHARING = "information-sharing";

    public CapacityJudgement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(matter, "matter");
        Objects.requireNonNull(period, "period");
        representativeIds = representativeIds == null ? List.of() : List.copyOf(representativeIds);
    }

    /** Whether this judgement makes the client lack capacity to decide on sharing their information today. */
    boolean concernsInformationSharingOn(LocalDate date) {
        return INFORMATION_SHARING.equals(matter) && period.contains(date);
    }

    /** Whether this RelatedPerson may decide for the client under this judgement. */
    boolean representedBy(LegalRepresentative known, String relatedPersonId) {
        if (representativeIds.isEmpty()) {
            return known != null && known.hasAuthority();
        }
        return representativeIds.contains(relatedPersonId);
    }
}
