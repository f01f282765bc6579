package nl.sluis.dataset;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loader's progress on stderr: entries done of the total, entries/s and the time left. On a terminal one line
 * redrawn in place every second; otherwise (a log, CI) a new line every {@code interval} seconds.
 */
final class Progress {

  private final PrintStream out;
  private final boolean terminal;
  private final long intervalNanos;
  private final int total;
  private final long start = System.nanoTime();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private long lastPrint;
  private int printedDone = -1;

  Progress(PrintStream out, boolean terminal, int total, int intervalSeconds) {
    this.out = out;
    this.terminal = terminal;
    this.total = total;
    this.intervalNanos = (terminal ? 1 : intervalSeconds) * 1_000_000_000L;
    this.lastPrint = start;
  }

  void advance(int stored, int notStored) {
    done.addAndGet(stored + notStored);
    refused.addAndGet(notStored);
    long now = System.nanoTime();
    synchronized (this) {
      if (now - lastPrint >= intervalNanos) {
        lastPrint = now;
        print(now, false);
      }
    }
  }

  /** The last state once more, unless that very line was the last one printed. */
  synchronized void finish() {
    if (terminal || printedDone != done.get()) {
      print(System.nanoTime(), true);
    }
  }

  /** "  12,000/150,000 entries (8.0 %), 412/s, 5m 35s left, 0 not stored". */
  static String line(int done, int total, int refused, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 ? duration((total - done) / rate) : "?";
    return String.format(java.util.Locale.ROOT, "%,d/%,d entries (%.1f %%), %,.0f/s, %s left, %,d not stored", done, total,
        total == 0 ? 100.0 : 100.0 * done / total, rate, eta, refused);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(java.util.Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String.format(java.util.Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + "s";
  }

  private void print(long now, boolean last) {
    printedDone = done.get();
    String line = line(printedDone, total, refused.get(), (now - start) / 1e9);
    if (terminal) {
      out.print("\r" + line + "   " + (last ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }
}
