package nl.sluis.audit;

import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code sluis.audit.*}: the disclosure audit trail (NEN 7513). */
@ConfigurationProperties(prefix = "sluis.audit")
public class AuditProperties {

  /** false = no AuditEvents are written (benchmark baseline only; refused outside the dev profile). */
  private boolean enabled = true;
  /**
   * How long audit events are kept at least. Nothing in the server deletes them (there is no deletion path,
   * no purge job); the value is the promise the organisation makes, and what an operator's purge by SQL
   * (docs/audit.md) may not undercut. At least P5Y (NEN 7513).
   */
  private Period retention = Period.ofYears(5);
  /**
   * How long a request waits for its AuditEvents to be committed (group commit) before it fails with 500
   * and discloses nothing.
   */
  private Duration commitTimeout = Duration.ofSeconds(10);
  /** At most this many events per group commit (one transaction, one lock of the chain head). */
  private int maxBatchEvents = 500;

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

  public Duration getCommitTimeout() {
    return commitTimeout;
  }

  public void setCommitTimeout(Duration commitTimeout) {
    this.commitTimeout = commitTimeout;
  }

  public int getMaxBatchEvents() {
    return maxBatchEvents;
  }

  public void setMaxBatchEvents(int maxBatchEvents) {
    this.maxBatchEvents = maxBatchEvents;
  }
}
