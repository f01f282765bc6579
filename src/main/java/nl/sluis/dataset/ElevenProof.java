package nl.sluis.dataset;

/**
 * The eleven-proof (elfproef) of Dutch 9-digit numbers: 9·d1 + 8·d2 + … + 2·d8 − d9 is divisible by 11.
 * A BSN must pass it (sluis-bsn-1 checks the same); UZI person numbers are issued passing it too.
 */
public final class ElevenProof {

  private ElevenProof() {}

  /** True when {@code number} has exactly 9 digits and passes the eleven-proof. */
  public static boolean isValid(String number) {
    if (number == null || !number.matches("[0-9]{9}")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += (number.charAt(i) - '0') * (9 - i);
    }
    return (sum - (number.charAt(8) - '0')) % 11 == 0;
  }

  /**
   * The 9-digit number for this 8-digit prefix, or null when the check digit would be 10 (no valid
   * number has that prefix).
   */
  public static String complete(long prefix) {
    if (prefix < 10_000_000L || prefix > 99_999_999L) {
      throw new IllegalArgumentException("prefix must have 8 digits: " + prefix);
    }
    String digits = Long.toString(prefix);
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += (digits.charAt(i) - '0') * (9 - i);
    }
    int check = sum % 11;
    return check == 10 ? null : digits + check;
  }

  /**
   * A valid number unique per {@code index} in [0, slots): prefixes lie {@code 80,000,000 / slots} apart
   * (at least 16, and a prefix without a valid number is skipped within that gap), offset by {@code salt}
   * so that data sets with other seeds use other numbers.
   */
  public static String unique(long index, long slots, long salt) {
    if (index < 0 || index >= slots) {
      throw new IllegalArgumentException("index " + index + " outside [0, " + slots + ")");
    }
    long stride = Math.max(16, 80_000_000L / slots);
    long prefix = 10_000_000L + Math.floorMod(salt, stride - 8) + index * stride;
    while (true) {
      String number = complete(prefix);
      if (number != null) {
        return number;
      }
      prefix++;
    }
  }
}
