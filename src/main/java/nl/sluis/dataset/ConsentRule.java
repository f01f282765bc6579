package nl.sluis.dataset;

/**
 * Who must consent to sharing a client's data with third parties, by the client's age on the day (WGBO,
 * domain.md §2): under 12 the parents with authority, 12 to 15 the client and the parents (the safe default
 * "both"; the dev policy's minor-consent-mode), 16 and over the client alone.
 */
public enum ConsentRule {
  PARENTS, CLIENT_AND_PARENTS, CLIENT;

  public static ConsentRule forAge(int age) {
    if (age < 0) {
      throw new IllegalArgumentException("age " + age);
    }
    return age < 12 ? PARENTS : age < 16 ? CLIENT_AND_PARENTS : CLIENT;
  }

  public boolean client() {
    return this != PARENTS;
  }

  public boolean parents() {
    return this != CLIENT;
  }
}
