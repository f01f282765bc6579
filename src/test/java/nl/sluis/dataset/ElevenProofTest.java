package nl.sluis.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElevenProofTest {

  @Test
  void knownNumbers() {
    assertThat(ElevenProof.isValid("999911120")).isTrue(); // profiles/example Patient-client-01
    assertThat(ElevenProof.isValid("111222333")).isTrue();
    assertThat(ElevenProof.isValid("123456789")).isFalse();
    assertThat(ElevenProof.isValid("999911121")).isFalse();
    assertThat(ElevenProof.isValid("99991112")).isFalse();
    assertThat(ElevenProof.isValid("99991112a")).isFalse();
    assertThat(ElevenProof.isValid(null)).isFalse();
  }

  @Test
  void completeAppendsTheCheckDigitOrRefusesAPrefixWithout() {
    assertThat(ElevenProof.complete(11122233)).isEqualTo("111222333");
    int withoutValidNumber = 0;
    for (long prefix = 10_000_000; prefix < 10_001_000; prefix++) {
      String number = ElevenProof.complete(prefix);
      if (number == null) {
        withoutValidNumber++;
      } else {
        assertThat(ElevenProof.isValid(number)).as(number).isTrue();
      }
    }
    assertThat(withoutValidNumber).isBetween(60, 120); // about 1 in 11
  }

  @Test
  void uniqueNumbersAreValidAndDistinct() {
    long slots = DataSetSpec.MAX_CLIENTS * 3L;
    Set<String> seen = new HashSet<>();
    for (long i = 0; i < slots; i++) {
      String number = ElevenProof.unique(i, slots, 42);
      assertThat(ElevenProof.isValid(number)).as(number).isTrue();
      assertThat(seen.add(number)).as("duplicate " + number).isTrue();
    }
    assertThat(ElevenProof.unique(0, slots, 42)).isNotEqualTo(ElevenProof.unique(0, slots, 43));
  }
}
