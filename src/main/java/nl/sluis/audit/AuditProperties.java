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
   * How long AuditEvents must be kept. Nothing deletes them at all (there is no deletion path); the value
   * is the promise the organisation makes and what a future archiving job may not undercut. At least P5Y.
   */
  private Period retention = Period.ofYears(5);
  /**
   * How long a request waits for its AuditEvents to be committed (group commit) before it fails with 500
   * and discloses nothing.
   */
  private Duration commitTimeout = Duration.ofSeconds(10);
  /** At most this many events per group commit (one transaction, one lock of the chain head). */
  private int maxBatchEvents = 500;
  /**
   * After this node committed events, the background materialiser waits this long before storing them as
   * searchable AuditEvent resources (a busy node then stores many per transaction). Readers never wait for
   * it: every view and AuditEvent search first stores what is pending itself.
   */
  private Duration materialiseDelay = Duration.ofMillis(500);
  /** How often the background materialiser also looks for events other nodes or an earlier run left pending. */
  private Duration materialiseInterval = Duration.ofSeconds(10);
  /**
   * Events stored as resources per transaction. Small on purpose: every HAPI create in a transaction makes
   * Hibernate dirty-check all entities created earlier in it (quadratic), which outweighs saved commits.
   */
  private int materialiseBatchSize = 10;
  /**
   * While the CPU is busy (see {@link #materialiseBusyCpu}), the share of one thread's time the background
   * materialiser may use (0 &lt; share &lt;= 1): after a batch that took t it rests t * (1 / share - 1).
   * Storing an event as a resource costs about as much CPU as a whole read, so under full load it must not
   * compete with the requests; what it leaves pending is stored once the load drops, or by the next reader
   * (who drains everything first).
   */
  private double materialiseShare = 0.1;
  /** CPU utilisation (0..1, of the machine or container) from which the materialiser counts the CPU as busy. */
  private double materialiseBusyCpu = 0.75;

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

  public Duration getMaterialiseDelay() {
    return materialiseDelay;
  }

  public void setMaterialiseDelay(Duration materialiseDelay) {
    this.materialiseDelay = materialiseDelay;
  }

  public Duration getMaterialiseInterval() {
    return materialiseInterval;
  }

  public void setMaterialiseInterval(Duration materialiseInterval) {
    this.materialiseInterval = materialiseInterval;
  }

  public double getMaterialiseShare() {
    return materialiseShare;
  }

  public void setMaterialiseShare(double materialiseShare) {
    if (!(materialiseShare > 0 && materialiseShare <= 1)) {
      throw new IllegalArgumentException("sluis.audit.materialise-share must be > 0 and <= 1, was " + materialiseShare);
    }
    this.materialiseShare = materialiseShare;
  }

  public double getMaterialiseBusyCpu() {
    return materialiseBusyCpu;
  }

  public void setMaterialiseBusyCpu(double materialiseBusyCpu) {
    if (!(materialiseBusyCpu >= 0 && materialiseBusyCpu <= 1)) {
      throw new IllegalArgumentException("sluis.audit.materialise-busy-cpu must be between 0 and 1, was "
          + materialiseBusyCpu);
    }
    this.materialiseBusyCpu = materialiseBusyCpu;
  }

  public int getMaterialiseBatchSize() {
    return materialiseBatchSize;
  }

  public void setMaterialiseBatchSize(int materialiseBatchSize) {
    this.materialiseBatchSize = materialiseBatchSize;
  }
}
