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
public final class DatabaseCpu {

  private final long postmaster;

  private DatabaseCpu(long postmaster) {
    this.postmaster = postmaster;
  }

  /** The embedded PostgreSQL's postmaster: the parent of a backend of ours; null when it cannot be found. */
  public static DatabaseCpu ofEmbedded() {
    try (Connection connection = EmbeddedPostgresDatabase.server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      return new DatabaseCpu(Long.parseLong(ProcStat.fields(row.getLong(1))[1]));
    } catch (SQLException | IOException | RuntimeException e) {
      return null;
    }
  }

  /** Milliseconds of CPU so far, or -1. */
  public long millis() {
    try {
      String[] own = ProcStat.fields(postmaster);
      long ticks = 0;
      for (int i = 11; i <= 14; i++) { // utime, stime, cutime, cstime
        ticks += Long.parseLong(own[i]);
      }
      try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
        for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          try {
            String[] child = ProcStat.fields(Long.parseLong(process.getFileName().toString()));
            if (Long.parseLong(child[1]) == postmaster) {
              ticks += ProcStat.ownTicks(child);
            }
          } catch (IOException ended) {
            // gone between listing and reading: its time is in the postmaster's cutime now
          }
        }
      }
      return ProcStat.millis(ticks);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
