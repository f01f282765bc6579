package nl.sluis.dataset;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a load: entries stored, entries refused (each named) and entries not stored because their
 * transaction was refused for another entry (a transaction is all or nothing).
 */
public record LoadReport(int files, int entries, int stored, int rolledBack, int retries, Duration duration,
    List<RefusedEntry> refused) {

  public double entriesPerSecond() {
    return stored / Math.max(1e-9, duration.toNanos() / 1e9);
  }

  public boolean clean() {
    return refused.isEmpty() && rolledBack == 0 && stored == entries;
  }
}
