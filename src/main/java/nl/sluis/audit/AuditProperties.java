package nl.sluis.audit;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code sluis.audit.*}: the disclosure audit trail (NEN 7513). */
@ConfigurationProperties(prefix = "sluis.audit")
public class AuditProperties {

  /** false = no AuditEvents are written (benchmark baseline only; refused outside the dev profile). */
  private boolean enabled = true;
  /**
   * How long AuditEvents must be kept. Nothing deletes them at all (there is no deletion path); the value
   * is the promise the organisation makes and what a future archiving job may not undercut. At least P5Y.
   */
  private Period retention = Period.ofYears(5);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Period getRetention() {
    return retention;
  }

  public void setRetention(Period retention) {
    this.retention = retention;
  }
}
