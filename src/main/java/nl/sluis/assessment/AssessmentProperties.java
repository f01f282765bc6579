package nl.sluis.assessment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code sluis.assessment.*}: the concern and assessment workflow (issue 5). */
@ConfigurationProperties(prefix = "sluis.assessment")
public class AssessmentProperties {

  /**
   * Extract the findings of a completed (or amended) QuestionnaireResponse into Observations in the same
   * database transaction as the response itself (all or nothing). {@code false}: only {@code $extract}.
   */
  private boolean autoExtract = true;

  /**
   * Check every extracted Observation against its profile (sluis-Observation-AssessmentFinding) before it is
   * stored or returned; a failure is a 422 (and rolls the response back). Off by default: the findings are derived
   * by Sluis from a response that was itself validated, by fixed rules whose output the tests check against the
   * profile, and one validation per finding (15 for an assessment) costs about four times the whole submission
   * without it (docs/benchmarks.md). Turn it on after changing the Questionnaires' extraction markers.
   */
  private boolean validateFindings = false;

  /**
   * How long after a network contact or a disclosure on a legal ground the professional has to inform the client
   * (the due date of the inform-the-client task, counted from the day of the contact or the ground); ISO-8601,
   * e.g. {@code P7D}.
   */
  private java.time.Period informClientWithin = java.time.Period.ofDays(7);

  /** Whom a regional Verwijsindex registers signals about: ages on the day the signal is issued. */
  private final Verwijsindex verwijsindex = new Verwijsindex();

  public Verwijsindex getVerwijsindex() {
    return verwijsindex;
  }

  /**
   * {@code sluis.assessment.verwijsindex.*}: the age range of the regional Verwijsindex (young people; 0 to 23 by
   * default, as the indexes commonly state it: check the regional covenant).
   */
  public static class Verwijsindex {
    private int minAge = 0;
    private int maxAge = 23;

    public int getMinAge() {
      return minAge;
    }

    public void setMinAge(int minAge) {
      this.minAge = minAge;
    }

    public int getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(int maxAge) {
      this.maxAge = maxAge;
    }
  }

  public java.time.Period getInformClientWithin() {
    return informClientWithin;
  }

  public void setInformClientWithin(java.time.Period informClientWithin) {
    if (informClientWithin.isNegative() || informClientWithin.isZero()) {
      throw new IllegalArgumentException("sluis.assessment.inform-client-within must be a positive period, e.g. P7D");
    }
    this.informClientWithin = informClientWithin;
  }

  public boolean isValidateFindings() {
    return validateFindings;
  }

  public void setValidateFindings(boolean validateFindings) {
    this.validateFindings = validateFindings;
  }

  public boolean isAutoExtract() {
    return autoExtract;
  }

  public void setAutoExtract(boolean autoExtract) {
    this.autoExtract = autoExtract;
  }
}
