package nl.sluis.disclosure.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AgeTest {

    private static final LocalDate BORN = LocalDate.of(2009, 6, 15);

    @Test
    void dayBeforeTwelfthBirthdayIsEleven() {
        assertThat(Age.inYears(BORN, LocalDate.of(2021, 6, 14))).isEqualTo(11);
    }

    @Test
    void twelfthBirthdayIsTwelve() {
        assertThat(Age.inYears(BORN, LocalDate.of(2021, 6, 15))).isEqualTo(12);
    }

    @Test
    void dayBeforeSixteenthBirthdayIsFifteen() {
        assertThat(Age.inYears(BORN, LocalDate.of(2025, 6, 14))).isEqualTo(15);
    }

    @Test
    void sixteenthBirthdayIsSixteen() {
        assertThat(Age.inYears(BORN, LocalDate.of(2025, 6, 15))).isEqualTo(16);
    }

    @Test
    void dayOfBirthIsZero() {
        assertThat(Age.inYears(BORN, BORN)).isZero();
    }

    @Test
    void leapDayChildTurnsSixteenOnFirstOfMarchInCommonYear() {
        LocalDate leapBorn = LocalDate.of(2008, 2, 29);
        assertThat(Age.inYears(leapBorn, LocalDate.of(2024, 2, 28))).isEqualTo(15);
        assertThat(Age.inYears(leapBorn, LocalDate.of(2024, 2, 29))).isEqualTo(16); // 2024 is a leap year
        assertThat(Age.inYears(leapBorn, LocalDate.of(2023, 2, 28))).isEqualTo(14);
        assertThat(Age.inYears(leapBorn, LocalDate.of(2023, 3, 1))).isEqualTo(15);
        assertThat(Age.inYears(leapBorn, LocalDate.of(2020, 2, 28))).isEqualTo(11);
        assertThat(Age.inYears(leapBorn, LocalDate.of(2020, 2, 29))).isEqualTo(12);
    }

    @Test
    void leapDayChildInCommonYearIsStillYoungerOnTwentyEighthOfFebruary() {
        LocalDate leapBorn = LocalDate.of(2012, 2, 29);
        assertThat(Age.inYears(leapBorn, LocalDate.of(2025, 2, 28))).isEqualTo(12);
        assertThat(Age.inYears(leapBorn, LocalDate.of(2025, 3, 1))).isEqualTo(13);
    }

    @Test
    void unknownBirthDate() {
        assertThat(Age.inYears(null, BORN)).isEqualTo(Age.UNKNOWN);
    }

    @Test
    void decisionBeforeBirthIsAnError() {
        assertThatThrownBy(() -> Age.inYears(BORN, BORN.minusDays(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
