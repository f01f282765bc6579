package nl.sluis.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nl.sluis.testsupport.H2ServerTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 18 item 7, the executable README: every {@code bash} block of README.md carries a mark on the line before it,
 * {@code <!-- readme-test: run -->} or {@code <!-- readme-test: not run: why -->}, so that a new block cannot drift
 * unnoticed. The blocks marked {@code run} run here, in document order, against the zero-setup server (dev profile,
 * embedded H2: what the README's first command starts), each in one {@code bash -e} process, as written except for
 * three mechanical changes: {@code http://localhost:8080} is this server's port; {@code java -jar target/sluis.jar}
 * runs the same main class from the test class path (the jar is packaged after the tests); a line that starts with
 * {@code mvn} is left out (the build running this test did it). The working folder is an empty one in which
 * {@code profiles} is the project's. A block passes when it exits 0, every request it makes answers 2xx except those
 * whose line says otherwise in a trailing comment ({@code # 404}), and every variable it assigns from a command
 * ({@code A=$(…)}) is set, not empty and not {@code null}. Needs bash, curl and jq ({@code .ci/run} installs them).
 */
@H2ServerTest
class ReadmeCommandsTest {

  private static final Path README = Path.of("README.md");
  /** Records each request's final status on stderr without touching what the command writes to stdout. */
  private static final String CURL_WITH_STATUS = """
      curl() {
        local headers status=0 url=''
        headers=$(mktemp)
        for argument in "$@"; do case $argument in http*) url=$argument ;; esac; done
        command curl -D "$headers" "$@" || status=$?
        echo "README-HTTP $(grep -a '^HTTP/' "$headers" | tail -n 1 | cut -d ' ' -f 2) $url" >&2
        rm -f "$headers"
        return $status
      }
      """;

  @LocalServerPort int port;
  @TempDir Path work;

  @TestFactory
  Stream<DynamicTest> theReadmesCommandsRunAsWritten() throws IOException {
    List<ReadmeBlock> blocks = ReadmeBlock.parse(Files.readAllLines(README));
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("every bash block is marked run or not run", () -> {
      assertThat(blocks).as("README.md has bash blocks").isNotEmpty();
      assertThat(blocks.stream().filter(b -> b.mark() == null).map(ReadmeBlock::line).toList())
          .as("bash blocks of README.md (opening lines) without <!-- readme-test: run --> or <!-- readme-test: not run: why -->")
          .isEmpty();
      assertThat(blocks.stream().filter(ReadmeBlock::runs)).as("blocks that run").isNotEmpty();
    }));
    for (ReadmeBlock block : blocks) {
      if (block.runs()) {
        tests.add(DynamicTest.dynamicTest("README.md line " + block.line(), () -> run(block)));
      }
    }
    return tests.stream();
  }

  private void run(ReadmeBlock block) throws IOException, InterruptedException {
    for (String tool : List.of("bash", "curl", "jq")) {
      Assumptions.assumeTrue(onPath(tool), tool + " is not installed: the README's commands need it");
    }
    if (!Files.exists(work.resolve("profiles"))) {
      Files.createSymbolicLink(work.resolve("profiles"), Path.of("profiles").toAbsolutePath());
    }
    StringBuilder script = new StringBuilder("set -e\n").append(CURL_WITH_STATUS);
    for (String command : block.commands()) {
      script.append(command.stripLeading().startsWith("mvn ") ? ": # left out: " + command.replace("'", "")
          : asHere(command)).append('\n');
    }
    for (String name : block.assignedFromCommands()) {
      script.append("echo \"README-VAR ").append(name).append(" $([ -n \"${").append(name).append(":-}\" ] && [ \"${")
          .append(name).append("}\" != null ] && echo set || echo unset)\"\n");
    }
    Path file = work.resolve("block-" + block.line() + ".sh");
    Files.writeString(file, script);
    Path out = work.resolve("block-" + block.line() + ".out");
    Path err = work.resolve("block-" + block.line() + ".err");
    Process process = new ProcessBuilder("bash", file.toString()).directory(work.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    boolean ended = process.waitFor(180, TimeUnit.SECONDS);
    if (!ended) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    String context = "README.md line " + block.line() + "\n--- stderr:\n" + stderr + "\n--- stdout:\n"
        + (stdout.length() > 4000 ? stdout.substring(0, 4000) + "…" : stdout);
    assertThat(ended).as("ended within 180 s: " + context).isTrue();
    assertThat(process.exitValue()).as("exit code: " + context).isZero();
    List<Integer> refusals = new ArrayList<>();
    List<String> requests = stderr.lines().filter(l -> l.startsWith("README-HTTP ")).toList();
    for (String request : requests) {
      String status = request.split(" ")[1];
      assertThat(status).as("a request that got no HTTP answer: " + request + "\n" + context).matches("\\d{3}");
      if (!status.startsWith("2")) {
        refusals.add(Integer.parseInt(status));
      }
    }
    if (block.commands().stream().anyMatch(c -> c.contains("curl "))) {
      assertThat(requests).as("requests made: " + context).isNotEmpty();
    }
    assertThat(refusals).as("answers other than 2xx (the README's lines expect " + block.expectedRefusals() + "): "
        + context).isEqualTo(block.expectedRefusals());
    assertThat(stdout.lines().filter(l -> l.startsWith("README-VAR ") && !l.endsWith(" set")).toList())
        .as("variables the block assigns but left empty or null: " + context).isEmpty();
  }

  /** The two mechanical changes: this server's address, and the main class from the test class path. */
  private String asHere(String command) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return command.replace("http://localhost:8080", "http://localhost:" + port)
        .replace("java -jar target/sluis.jar", "'" + java + "' -cp '" + System.getProperty("java.class.path")
            + "' nl.sluis.server.SluisApplication");
  }

  private static boolean onPath(String tool) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, tool))) {
        return true;
      }
    }
    return false;
  }
}
