package nl.sluis.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader against a tiny JDK HTTP server: 5xx is retried with backoff, 4xx never, progress is printed. */
class BundleLoaderRetryTest {

  private static final String BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
      + "{\"fullUrl\":\"urn:uuid:1\",\"resource\":{\"resourceType\":\"Basic\",\"id\":\"a\"},"
      + "\"request\":{\"method\":\"PUT\",\"url\":\"Basic/a\"}},"
      + "{\"fullUrl\":\"urn:uuid:2\",\"resource\":{\"resourceType\":\"Basic\",\"id\":\"b\"},"
      + "\"request\":{\"method\":\"PUT\",\"url\":\"Basic/b\"}}]}";
  private static final String OK = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}";
  private static final String UNAVAILABLE = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
      + "\"error\",\"code\":\"transient\",\"diagnostics\":\"database busy\"}]}";
  private static final String INVALID = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
      + "\"code\":\"processing\",\"diagnostics\":\"Bundle.entry[1] (fullUrl urn:uuid:2): Basic.code: minimum "
      + "required = 1\",\"expression\":[\"Bundle.entry[1].resource\"]}]}";

  @TempDir Path dir;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void retriesA503AndThenStoresTheBundle() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    start((exchange, n) -> answer(exchange, n == 1 ? 503 : 200, n == 1 ? UNAVAILABLE : OK), requests);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    LoadReport report = loader(progress).load(List.of(bundle("2-clients-00000.json")));
    assertThat(requests).hasValue(2);
    assertThat(report.retries()).isEqualTo(1);
    assertThat(report.stored()).isEqualTo(2);
    assertThat(report.clean()).isTrue();
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("2/2 entries (100.0 %)");
  }

  @Test
  void givesUpAfterItsRetriesAndReportsTheChunk() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    start((exchange, n) -> answer(exchange, 503, UNAVAILABLE), requests);
    LoadReport report = loader(new ByteArrayOutputStream()).load(List.of(bundle("2-clients-00000.json")));
    assertThat(requests).hasValue(3); // first try + 2 retries
    assertThat(report.stored()).isZero();
    assertThat(report.refused()).singleElement().satisfies(r -> {
      assertThat(r.file()).isEqualTo("2-clients-00000.json");
      assertThat(r.reason()).contains("HTTP 503").contains("database busy");
    });
  }

  @Test
  void neverRetriesA4xxAndNamesTheRefusedEntry() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    start((exchange, n) -> answer(exchange, 422, INVALID), requests);
    LoadReport report = loader(new ByteArrayOutputStream()).load(List.of(bundle("2-clients-00000.json")));
    assertThat(requests).hasValue(1);
    assertThat(report.retries()).isZero();
    assertThat(report.refused()).singleElement().satisfies(r -> {
      assertThat(r.index()).isEqualTo(1);
      assertThat(r.fullUrl()).isEqualTo("urn:uuid:2");
      assertThat(r.request()).isEqualTo("PUT Basic/b");
      assertThat(r.reason()).isEqualTo("HTTP 422: Basic.code: minimum required = 1 [Bundle.entry[1].resource]");
    });
    assertThat(report.rolledBack()).isEqualTo(1);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    LoadCommand.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("REFUSED 2-clients-00000.json entry 1 urn:uuid:2 (PUT Basic/b): HTTP 422: Basic.code");
  }

  @Test
  void splitsAFileOverTheEntryLimitIntoChunks() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    start((exchange, n) -> answer(exchange, 200, OK), requests);
    BundleLoader loader = new BundleLoader(HttpClient.newHttpClient(), base(), "t",
        new BundleLoader.Settings(1, 1 << 20, 1, 0, Duration.ofMillis(1), Duration.ofSeconds(10), 1),
        new PrintStream(new ByteArrayOutputStream()), false);
    LoadReport report = loader.load(List.of(bundle("2-clients-00000.json")));
    assertThat(requests).hasValue(2);
    assertThat(report.stored()).isEqualTo(2);
  }

  @Test
  void badCommandLinesExitWith2() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    assertThat(LoadCommand.run(new String[] {}, quiet, quiet, false)).isEqualTo(2);
    assertThat(LoadCommand.run(new String[] {dir.toString(), "--parallel", "99"}, quiet, quiet, false)).isEqualTo(2);
    assertThat(LoadCommand.run(new String[] {dir.toString(), "--bogus", "1"}, quiet, quiet, false)).isEqualTo(2);
    assertThat(GenerateCommand.run(new String[] {"--clients", "100001", "--seed", "1", "--out", dir.toString()},
        quiet, quiet)).isEqualTo(2);
    assertThat(GenerateCommand.run(new String[] {"--clients", "10", "--seed", "-1", "--out", dir.toString()},
        quiet, quiet)).isEqualTo(2);
    assertThat(GenerateCommand.run(new String[] {"--clients", "10", "--out", dir.toString()}, quiet, quiet))
        .isEqualTo(2);
  }

  private interface Handler {
    void handle(com.sun.net.httpserver.HttpExchange exchange, int request) throws IOException;
  }

  private void start(Handler handler, AtomicInteger requests) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fhir", exchange -> {
      exchange.getRequestBody().readAllBytes();
      handler.handle(exchange, requests.incrementAndGet());
    });
    server.start();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir");
  }

  private BundleLoader loader(ByteArrayOutputStream progress) {
    return new BundleLoader(HttpClient.newHttpClient(), base(), "t",
        new BundleLoader.Settings(500, 1 << 20, 1, 2, Duration.ofMillis(10), Duration.ofSeconds(10), 1),
        new PrintStream(progress, true, StandardCharsets.UTF_8), false);
  }

  private Path bundle(String name) throws IOException {
    return Files.writeString(dir.resolve(name), BUNDLE);
  }
}
