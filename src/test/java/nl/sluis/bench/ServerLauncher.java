package nl.sluis.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts the Sluis server as its own JVM (test classpath, like testsupport.ServerProcess) but keeps the
 * {@link Process}, because the benchmark needs the pid for peak RSS and CPU time from /proc.
 * A shutdown hook kills every server still running, so an aborted benchmark leaves nothing behind.
 */
final class ServerLauncher implements AutoCloseable {

  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
  }

  private final Process process;
  private final int port;
  private final Path log;
  private final long startedNanos;

  private ServerLauncher(Process process, int port, Path log, long startedNanos) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  static ServerLauncher start(ServerConfiguration configuration, List<String> serverJvm,
      Map<String, String> databaseEnvironment, Path log) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(serverJvm);
    command.addAll(configuration.jvmArgs());
    command.add("-cp");
    command.add(configuration.classpathFile() == null ? System.getProperty("java.class.path")
        : Files.readString(configuration.classpathFile()).trim());
    command.add("nl.sluis.server.SluisApplication");
    ProcessBuilder builder = new ProcessBuilder(command);
    // Only what we set: an inherited SPRING_* or JAVA_TOOL_OPTIONS must not change the measurement.
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(databaseEnvironment);
    builder.environment().putAll(configuration.environment());
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long started = System.nanoTime();
    Process process = builder.start();
    RUNNING.add(process);
    return new ServerLauncher(process, port, log, started);
  }

  /** Polls readiness (which includes the database); returns process start to first 200. */
  Duration awaitReady(Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(root() + "/actuator/health/readiness"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = startedNanos + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Server exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (IOException notYetListening) {
        // connection refused until Tomcat listens
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Server not ready after " + timeout + "; see " + log);
  }

  /**
   * Waits (bounded) for a line containing {@code text} in the server log; returns it, or null when it did not
   * appear in time (e.g. a build without that log line).
   */
  String awaitLogLine(String text, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (process.isAlive()) {
      try (java.util.stream.Stream<String> lines = Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
        java.util.Optional<String> line = lines.filter(l -> l.contains(text)).findFirst();
        if (line.isPresent()) {
          return line.get();
        }
      } catch (java.io.UncheckedIOException partialLine) {
        // the log is being written; read it again
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("Server exited with " + process.exitValue() + "; see " + log);
  }

  String root() {
    return "http://localhost:" + port;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Peak resident set size in bytes (VmHWM: the kernel's high-water mark since the process started). */
  long peakRssBytes() {
    return statusKilobytes("VmHWM:") * 1024;
  }

  long rssBytes() {
    return statusKilobytes("VmRSS:") * 1024;
  }

  /**
   * CPU time of the JIT compiler threads so far (C1 and C2; their names in /proc are cut to 15 characters), or -1.
   * Reported apart: in short measurements a configuration with more code still compiles it, which is not the
   * steady-state cost of a request.
   */
  long jitMillis() {
    Map<String, Long> groups = threadGroupMillis();
    return groups == null ? -1 : groups.getOrDefault(JIT, 0L);
  }

  static final String JIT = "JIT";

  /**
   * CPU milliseconds of the server's live threads so far, by group: Tomcat's request threads, the audit writer, the
   * JIT compiler, the garbage collector and the VM's own threads, and the rest; null if /proc cannot be read. A
   * thread that ended took its time with it (HotSpot keeps compiler and GC threads; Tomcat keeps its pool).
   */
  Map<String, Long> threadGroupMillis() {
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
      Map<String, Long> ticks = new java.util.TreeMap<>();
      Map<String, String> javaNames = javaThreadNames();
      for (Path task : tasks.toList()) {
        try {
          String name = javaNames.getOrDefault(task.getFileName().toString(),
              Files.readString(task.resolve("comm")).trim());
          String[] stat = ProcStat.fields(task.resolve("stat"));
          String group = threadGroup(name);
          ticks.merge(group, ProcStat.ownTicks(stat), Long::sum);
          if (group.equals("requests")) { // of it in the kernel (system calls, waking and parking)
            ticks.merge("requests (of it kernel)", Long.parseLong(stat[12]), Long::sum);
          }
        } catch (IOException threadEnded) {
          // ended between the listing and the read
        }
      }
      ticks.replaceAll((group, t) -> ProcStat.millis(t));
      return ticks;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Java thread names by Linux thread id, from {@code jcmd PID Thread.print} ({@code nid}): Linux keeps only 15
   * characters of a name, too few to tell Tomcat's request threads from its poller. Empty if jcmd fails.
   */
  private Map<String, String> javaThreadNames() {
    Map<String, String> names = new java.util.HashMap<>();
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid()), "Thread.print").redirectErrorStream(true).start();
      java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\"(.*)\" .* nid=(0x[0-9a-f]+|\\d+) .*");
      for (String text : new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .split("\n")) {
        java.util.regex.Matcher m = line.matcher(text);
        if (m.matches()) {
          String nid = m.group(2);
          names.put(Long.toString(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid)),
              m.group(1));
        }
      }
      jcmd.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | RuntimeException e) {
      // comm names only
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return names;
  }

  /** By the Java name where known, else Linux's first 15 characters of it. */
  static String threadGroup(String name) {
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return JIT;
    }
    if (name.startsWith("http-nio-") && name.contains("-exec-")) {
      return "requests";
    }
    if (name.startsWith("http-nio-")) {
      return "Tomcat poller and acceptor";
    }
    if (name.startsWith("sluis-audit-wri")) {
      return "audit writer";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM ")) {
      return "GC and VM";
    }
    return "other";
  }

  long cpuMillis() {
    try {
      return ProcStat.millis(ProcStat.ownTicks(ProcStat.fields(pid())));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private long statusKilobytes(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone or not Linux
    }
    return -1;
  }

  /** SIGTERM (graceful shutdown), SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    RUNNING.remove(process);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
