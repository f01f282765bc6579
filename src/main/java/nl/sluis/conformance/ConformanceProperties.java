package nl.sluis.conformance;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code sluis.conformance.*}: loading our FHIR packages and validating writes against them. */
@ConfigurationProperties(prefix = "sluis.conformance")
public class ConformanceProperties {

  /** Validate every write (422 on a violation). {@code false} only for the benchmark's unvalidated baseline. */
  private boolean validateWrites = true;
  /** Install profiles/ and terminology/ into the server's storage at start-up (skipped when unchanged). */
  private boolean installPackages = true;
  /** Warm the validation chain at start-up, so the first writes do not pay for loading the definitions. */
  private boolean warmUp = true;

  public boolean isValidateWrites() {
    return validateWrites;
  }

  public void setValidateWrites(boolean validateWrites) {
    this.validateWrites = validateWrites;
  }

  public boolean isInstallPackages() {
    return installPackages;
  }

  public void setInstallPackages(boolean installPackages) {
    this.installPackages = installPackages;
  }

  public boolean isWarmUp() {
    return warmUp;
  }

  public void setWarmUp(boolean warmUp) {
    this.warmUp = warmUp;
  }
}
