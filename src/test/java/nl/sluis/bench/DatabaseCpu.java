package nl.sluis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;

/**
 * CPU time of the benchmark's PostgreSQL, from /proc: the postmaster, its live backends and the backends that
 * ended (the kernel adds a reaped child's time to its parent's cutime/cstime, so nothing is counted twice or
 * lost). The database shares the cores with the server: an audit write costs CPU there too, which the
 * server's own CPU figure does not show.
 */
final class DatabaseCpu {

  private static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86-64
  private final long postmaster;

  private DatabaseCpu(long postmaster) {
    this.postmaster = postmaster;
  }

  /** The embedded PostgreSQL's postmaster: the parent of a backend of ours; null when it cannot be found. */
  static DatabaseCpu ofEmbedded() {
    try (Connection connection = EmbeddedPostgresDatabase.server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      return new DatabaseCpu(Long.parseLong(fields(row.getLong(1))[1]));
    } catch (SQLException | IOException | RuntimeException e) {
      return null;
    }
  }

  /** Milliseconds of CPU so far, or -1. */
  long millis() {
    try {
      String[] own = fields(postmaster);
      long ticks = 0;
      for (int i = 11; i <= 14; i++) { // utime, stime, cutime, cstime
        ticks += Long.parseLong(own[i]);
      }
      try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
        for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          try {
            String[] child = fields(Long.parseLong(process.getFileName().toString()));
            if (Long.parseLong(child[1]) == postmaster) {
              ticks += Long.parseLong(child[11]) + Long.parseLong(child[12]);
            }
          } catch (IOException ended) {
            // gone between listing and reading: its time is in the postmaster's cutime now
          }
        }
      }
      return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The fields of /proc/PID/stat after the command name (which is in parentheses and may hold spaces). */
  private static String[] fields(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }
}
