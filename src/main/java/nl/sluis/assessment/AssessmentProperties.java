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
   * stored or returned; a failure is a 422 (and rolls the response back). The findings are derived by Sluis from a
   * response that was itself validated, so this is a safety net against a changed Questionnaire; it costs a
   * validation per finding.
   */
  private boolean validateFindings = true;

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
