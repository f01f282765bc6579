package nl.sluis.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Sluis server as a separate operating-system process (same classpath as the tests), so that a
 * test can kill it with SIGKILL and start it again.
 */
public final class ServerProcess {

  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * JVM options for a server that a test starts, uses for a few hundred requests and stops: the C1 compiler only.
   * It halves the CPU time to readiness (about 95 s to 51 s of CPU for one start, measured on the 2-core build
   * machine), most of which C2 spends compiling start-up code that never runs again. Not for measurements: C2's
   * code serves requests faster, so a throughput figure needs {@link #start(Map, Path)}. C1's code goes to the
   * code cache's non-profiled segment only (half of the default 240 MB), which a long test run filled ("CodeCache
   * is full. Compiler has been disabled": everything after ran interpreted), hence one unsegmented, larger cache.
   */
  public static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:-SegmentedCodeCache",
      "-XX:ReservedCodeCacheSize=400m");

  /** Starts the server with exactly these environment variables (plus PATH and SERVER_PORT). */
  public static ServerProcess start(Map<String, String> environment, Path log) throws IOException {
    return start(List.of(), environment, log);
  }

  /**
   * Starts the server with these JVM options on its command line (e.g. {@link #TEST_JVM_OPTIONS}) and exactly these
   * environment variables (plus PATH and SERVER_PORT).
   */
  public static ServerProcess start(List<String> jvmOptions, Map<String, String> environment, Path log)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("nl.sluis.server.SluisApplication");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(environment);
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    Files.createDirectories(log.getParent());
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new ServerProcess(builder.start(), port, log);
  }

  /** Waits until the readiness probe (which includes the database) answers UP; returns the time taken. */
  public Duration awaitReady(Duration timeout) throws InterruptedException {
    Instant start = Instant.now();
    FhirHttp http = http();
    while (Duration.between(start, Instant.now()).compareTo(timeout) < 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Server process exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.get("/actuator/health/readiness").statusCode() == 200) {
          return Duration.between(start, Instant.now());
        }
      } catch (IllegalStateException notYetListening) {
        // connection refused until Tomcat listens
      }
      Thread.sleep(250);
    }
    process.destroyForcibly(); // a server left behind would burden every later test on this machine
    throw new IllegalStateException("Server not ready after " + timeout + "; see " + log);
  }

  /** SIGKILL: no shutdown hooks, no graceful close, as in a crash or an OOM kill. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      kill();
    }
  }

  public FhirHttp http() {
    return new FhirHttp("http://localhost:" + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public static Path projectDir() {
    return new File(System.getProperty("user.dir")).toPath();
  }
}
