package nl.sluis.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Aggregates the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording, e.g. one a benchmark server wrote
 * ({@code --configs name:-XX:StartFlightRecording=filename=/tmp/x.jfr}, see docs/benchmarks.md): samples per thread
 * group, the methods the samples were in (self) and the methods on the sampled stacks (inclusive, each method
 * counted once per sample), as counts and shares of the selected threads' samples. Not a test.
 *
 * <pre>mvn -o -q -Pbench test-compile exec:exec -Dbench.main=nl.sluis.bench.JfrProfile
 *     -Dbench.args="/tmp/x.jfr --threads http-nio --top 40 --match nl.sluis"</pre>
 *
 * Options: {@code --threads REGEX} (thread names to count, default every thread), {@code --top N} (40),
 * {@code --match SUBSTRING} (repeatable: the inclusive list shows only methods containing one of them, in addition
 * to the overall top), {@code --under SUBSTRING} (only samples with a method containing it on the stack, e.g.
 * {@code FindingStore.replace}: where that method's time goes), {@code --not-under SUBSTRING} (repeatable: leave out
 * samples with such a method on the stack), {@code --from HH:MM:SS[.s]} / {@code --to …} (UTC: only samples taken in
 * that window, e.g. the first request after a start). JFR keeps 64 frames per sample by default, so deep HAPI stacks are truncated (their outer
 * frames missing from the inclusive counts): record with {@code -XX:FlightRecorderOptions=stackdepth=256}.
 */
public final class JfrProfile {

  private JfrProfile() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("Usage: JfrProfile FILE.jfr [--threads REGEX] [--top N] [--match SUBSTRING]... [--under SUBSTRING]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    Pattern threads = null;
    int top = 40;
    List<String> matches = new ArrayList<>();
    String under = null;
    List<String> notUnder = new ArrayList<>();
    java.time.LocalTime from = null;
    java.time.LocalTime to = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Pattern.compile(args[++i]);
        case "--top" -> top = Integer.parseInt(args[++i]);
        case "--match" -> matches.add(args[++i]);
        case "--under" -> under = args[++i];
        case "--not-under" -> notUnder.add(args[++i]);
        case "--from" -> from = java.time.LocalTime.parse(args[++i]);
        case "--to" -> to = java.time.LocalTime.parse(args[++i]);
        default -> {
          System.err.println("Unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    Map<String, Integer> perThreadGroup = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int total = 0;
    int all = 0;
    int truncated = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
          continue;
        }
        java.time.LocalTime at = java.time.LocalTime.ofInstant(event.getStartTime(), java.time.ZoneOffset.UTC);
        if ((from != null && at.isBefore(from)) || (to != null && !at.isBefore(to))) {
          continue;
        }
        all++;
        String thread = event.getThread("sampledThread") == null ? "?"
            : String.valueOf(event.getThread("sampledThread").getJavaName());
        perThreadGroup.merge(thread.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N"), 1, Integer::sum);
        if (threads != null && !threads.matcher(thread).find()) {
          continue;
        }
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        if (under != null) {
          String wanted = under;
          if (frames.stream().noneMatch(f -> name(f.getMethod()).contains(wanted))) {
            continue;
          }
        }
        if (frames.stream().anyMatch(f -> notUnder.stream().anyMatch(name(f.getMethod())::contains))) {
          continue;
        }
        total++;
        if (event.getStackTrace().isTruncated()) {
          truncated++;
        }
        if (!frames.isEmpty()) {
          self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
        }
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
          String method = name(frame.getMethod());
          if (seen.add(method)) {
            inclusive.merge(method, 1, Integer::sum);
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s: %d CPU samples, %d selected%s (%d with truncated stacks)%n%n",
        file, all, total, under == null ? "" : " under " + under, truncated);
    System.out.println("Samples per thread group (all threads):");
    print(perThreadGroup, all, 30);
    System.out.println("\nSelf (top " + top + "):");
    print(self, total, top);
    System.out.println("\nInclusive (top " + top + "):");
    print(inclusive, total, top);
    if (!matches.isEmpty()) {
      Map<String, Integer> selected = new HashMap<>();
      inclusive.forEach((method, count) -> {
        if (matches.stream().anyMatch(method::contains)) {
          selected.put(method, count);
        }
      });
      System.out.println("\nInclusive, methods matching " + matches + ":");
      print(selected, total, top * 3);
    }
  }

  private static String name(RecordedMethod method) {
    return method == null ? "?" : method.getType().getName() + "." + method.getName();
  }

  private static void print(Map<String, Integer> counts, int total, int top) {
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "%7d %5.1f%%  %s%n", e.getValue(),
            100.0 * e.getValue() / Math.max(1, total), e.getKey()));
  }
}
