package nl.sluis.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every latency of one client thread (no sampling, no HdrHistogram on the classpath): a growing array
 * of nanoseconds, merged and sorted once at the end. Non-2xx answers and exceptions are counted by
 * status (0 = no HTTP answer) and kept out of the latency figures.
 */
final class LatencyRecorder {

  private long[] nanos = new long[4096];
  private int count;
  private final Map<Integer, Integer> errors = new TreeMap<>();

  void success(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  void error(int status) {
    errors.merge(status, 1, Integer::sum);
  }

  /** The merged figures of all client threads of one operation. */
  record Summary(int successes, Map<Integer, Integer> errors, double seconds, double p50Millis,
      double p95Millis, double p99Millis, double maxMillis) {

    double throughput() {
      return successes / seconds;
    }

    int errorCount() {
      return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    String errorText() {
      if (errors.isEmpty()) {
        return "0";
      }
      StringBuilder text = new StringBuilder().append(errorCount()).append(" (");
      errors.forEach((status, n) -> text.append(status == 0 ? "no answer" : "HTTP " + status)
          .append(" x").append(n).append(", "));
      text.setLength(text.length() - 2);
      return text.append(')').toString();
    }
  }

  static Summary summarize(Iterable<LatencyRecorder> recorders, double seconds) {
    int total = 0;
    for (LatencyRecorder recorder : recorders) {
      total += recorder.count;
    }
    long[] all = new long[total];
    Map<Integer, Integer> errors = new TreeMap<>();
    int at = 0;
    for (LatencyRecorder recorder : recorders) {
      System.arraycopy(recorder.nanos, 0, all, at, recorder.count);
      at += recorder.count;
      recorder.errors.forEach((status, n) -> errors.merge(status, n, Integer::sum));
    }
    Arrays.sort(all);
    return new Summary(total, errors, seconds, percentile(all, 50), percentile(all, 95),
        percentile(all, 99), total == 0 ? Double.NaN : all[total - 1] / 1e6);
  }

  /** Nearest-rank percentile in milliseconds. */
  static double percentile(long[] sorted, double percent) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
