package nl.sluis.audit;

import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;

/**
 * Whether the CPU is busy: the JVM's view of recent CPU utilisation of the machine (or of the container,
 * where the JVM sees one) at or above a threshold. When the JVM cannot tell, the CPU counts as busy, so that
 * background work stays polite.
 */
final class CpuBusy implements BooleanSupplier {

  private final double threshold;
  private final com.sun.management.OperatingSystemMXBean os;

  CpuBusy(double threshold) {
    this.threshold = threshold;
    this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
        ? bean : null;
  }

  @Override
  public boolean getAsBoolean() {
    double load = os == null ? -1 : os.getCpuLoad();
    return load < 0 || load >= threshold;
  }
}
