package nl.sluis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux's /proc/PID/stat (or a thread's /proc/PID/task/TID/stat), as the benchmark reads CPU times from it. */
final class ProcStat {

  static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86-64

  private ProcStat() {}

  /** The fields after the command name (which is in parentheses and may hold spaces): [1] ppid, [11] utime … [14] cstime. */
  static String[] fields(Path stat) throws IOException {
    String text = Files.readString(stat);
    return text.substring(text.lastIndexOf(')') + 2).split(" ");
  }

  static String[] fields(long pid) throws IOException {
    return fields(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /** utime + stime, in clock ticks. */
  static long ownTicks(String[] fields) {
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  static long millis(long ticks) {
    return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
  }
}
