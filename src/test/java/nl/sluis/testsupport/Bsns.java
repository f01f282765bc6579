package nl.sluis.testsupport;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh BSNs passing the 11-proof, so that tests sharing one database never share a client's BSN. */
public final class Bsns {

  private Bsns() {}

  public static String random() {
    while (true) {
      int[] digits = new int[9];
      digits[0] = 1 + ThreadLocalRandom.current().nextInt(9);
      int sum = 9 * digits[0];
      for (int i = 1; i < 8; i++) {
        digits[i] = ThreadLocalRandom.current().nextInt(10);
        sum += (9 - i) * digits[i];
      }
      int last = sum % 11; // sum - last must be divisible by 11
      if (last <= 9) {
        digits[8] = last;
        StringBuilder bsn = new StringBuilder();
        for (int digit : digits) {
          bsn.append(digit);
        }
        return bsn.toString();
      }
    }
  }
}
