package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.time.Year;

/**
 * Age in completed years on a given day. Someone is 16 on their 16th birthday and 15 the day before.
 * A person born on 29 February has their birthday on 1 March in a non-leap year, as Dutch law counts
 * (so they turn 16 on 1 March, not on 28 February). Allocation-free: it runs on every decision.
 */
public final class Age {

    /** Returned when the birth date is unknown; rules that need an age then fail closed. */
    public static final int UNKNOWN = -1;

    private Age() {
    }

    public static int inYears(LocalDate birthDate, LocalDate on) {
        if (birthDate == null) {
            return UNKNOWN;
        }
        if (on.isBefore(birthDate)) {
            throw new IllegalArgumentException("decision date " + on + " before birth date " + birthDate);
        }
        int birthMonth = birthDate.getMonthValue();
        int birthDay = birthDate.getDayOfMonth();
        if (birthMonth == 2 && birthDay == 29 && !Year.isLeap(on.getYear())) {
            birthMonth = 3;
            birthDay = 1;
        }
        int years = on.getYear() - birthDate.getYear();
        int month = on.getMonthValue();
        if (month < birthMonth || (month == birthMonth && on.getDayOfMonth() < birthDay)) {
            years--;
        }
        return years;
    }
}
