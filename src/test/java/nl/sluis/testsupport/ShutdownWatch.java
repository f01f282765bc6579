package nl.sluis.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells why a test JVM does not exit: surefire sometimes waited 30 s for the fork after the last test ("kill self
 * fork JVM"), cause unknown. When the JVM's shutdown (its shutdown hooks: Spring contexts, PostgreSQL, the second
 * node) still runs after 15 s, every live thread's stack is written to {@code <user.home>/shutdown-threads.txt}
 * (user.home is the build folder's test-home, see pom.xml). Nothing is written when the JVM exits in time.
 */
public final class ShutdownWatch {

  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final long GRACE_MILLIS = 15_000;

  private ShutdownWatch() {}

  public static void install() {
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Thread watch = new Thread(ShutdownWatch::dumpIfStillRunning, "shutdown-watch");
      watch.setDaemon(true);
      watch.start();
    }, "shutdown-watch-hook"));
  }

  private static void dumpIfStillRunning() {
    try {
      Thread.sleep(GRACE_MILLIS);
    } catch (InterruptedException e) {
      return;
    }
    StringBuilder dump = new StringBuilder("Test JVM still shutting down " + GRACE_MILLIS / 1000 + " s after exit began, "
        + Instant.now() + "\n");
    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
      dump.append('\n').append(thread.getKey().getName()).append(thread.getKey().isDaemon() ? " (daemon)" : "")
          .append(' ').append(thread.getKey().getState()).append('\n');
      for (StackTraceElement frame : thread.getValue()) {
        dump.append("    at ").append(frame).append('\n');
      }
    }
    try {
      Files.writeString(Path.of(System.getProperty("user.home"), "shutdown-threads.txt"), dump);
    } catch (IOException e) {
      System.err.println(dump);
    }
  }
}
