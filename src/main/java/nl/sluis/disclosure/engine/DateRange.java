package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A FHIR Period at day granularity, both ends inclusive; a null end is open. The adapter maps an end
 * dateTime to its date, so a ground ending during a day still counts on that day.
 */
public record DateRange(LocalDate start, LocalDate end) {

    public DateRange {
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " before start " + start);
        }
    }

    public static DateRange of(LocalDate start, LocalDate end) {
        return new DateRange(start, end);
    }

    public static DateRange from(LocalDate start) {
        return new DateRange(start, null);
    }

    public boolean contains(LocalDate date) {
        return (start == null || !date.isBefore(start)) && (end == null || !date.isAfter(end));
    }

    public boolean isBounded() {
        return start != null && end != null;
    }

    /** Days covered, counting both ends; only for bounded ranges. */
    public long lengthInDays() {
        return ChronoUnit.DAYS.between(start, end) + 1;
    }
}
