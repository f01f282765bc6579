package nl.sluis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nl.sluis.testsupport.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15's target "every page interactive in ≤ 1 s on the dev server with 10,000 clients", measured in a real
 * headless Chromium. Prepares once (kept in the work folder for the next run): a generated organisation of
 * {@code --clients} clients ({@code generate}), loaded into the dev server's embedded H2 database ({@code load},
 * write validation off to save time: the data are the same), external reads of every client's record by the GP
 * so the disclosure log holds real events, and the example organisation policy. Then starts the dev server as a
 * user would ({@code dev} profile, H2 file database, nothing else set) and drives the console as the privacy
 * officer through every view, each repetition with another client: the first repetition meets a server that has
 * just started (cold), the others a warm one.
 *
 * <p>Each step is timed in the page from the action (a click) until the view shows its answer and no request is in
 * flight (polled every animation frame, so the resolution is one frame, ≈ 17 ms). Opening the console is the page's
 * own {@code performance.now()} at the moment it is interactive (from navigation start).
 *
 * <pre>mvn -o -q -Pbench test-compile exec:exec -Dbench.main=nl.sluis.bench.ConsoleBenchmark \
 *   -Dbench.args="--clients 10000 --repeat 6"</pre>
 *
 * <p>{@code --server-jvm 'OPTIONS'} adds JVM options to the measured server (e.g. a JFR recording of the cold start).
 */
public final class ConsoleBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TARGET_MS = 1000;
  private static final String GP_URA = "00000002";

  /** A generated client the console is asked about. */
  record Client(String id, String family, String bsn) {}

  /** One timed step of the console: what the privacy officer does and how long until the answer was shown. */
  record Step(String name, List<Long> millis) {
    long cold() {
      return millis.get(0);
    }

    long warmMedian() {
      List<Long> warm = new ArrayList<>(millis.subList(Math.min(1, millis.size() - 1), millis.size()));
      warm.sort(null);
      return warm.get(warm.size() / 2);
    }

    long max() {
      return millis.stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }

  private final Path work;
  private final int clients;
  private final long seed;
  private final int repeat;
  private final String serverJvm;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Step> steps = new LinkedHashMap<>();

  private ConsoleBenchmark(Path work, int clients, long seed, int repeat, String serverJvm) {
    this.work = work;
    this.serverJvm = serverJvm;
    this.clients = clients;
    this.seed = seed;
    this.repeat = repeat;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>(Map.of("clients", "10000", "seed", "42", "repeat", "6",
        "work", "/tmp/sluis-console-bench", "server-jvm", ""));
    for (int i = 0; i < args.length; i++) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!options.containsKey(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: [--clients 10000] [--seed 42] [--repeat 6] [--work DIR] [--server-jvm 'OPTIONS']; got "
            + args[i]);
      }
      options.put(name, args[++i]);
    }
    if (!HeadlessChromium.installed()) {
      throw new IllegalStateException("chromium and chromium-driver are not installed (.ci/run installs them)");
    }
    int clients = Integer.parseInt(options.get("clients"));
    int repeat = Integer.parseInt(options.get("repeat"));
    if (clients < 1 || repeat < 2) {
      throw new IllegalArgumentException("--clients must be >= 1 and --repeat >= 2 (one cold, the rest warm)");
    }
    new ConsoleBenchmark(Path.of(options.get("work"), "c" + clients + "-s" + options.get("seed")), clients,
        Long.parseLong(options.get("seed")), repeat, options.get("server-jvm")).run();
  }

  private void run() throws Exception {
    Files.createDirectories(work);
    Path data = work.resolve("bundles");
    Path database = work.resolve("data-dir");
    Path prepared = work.resolve("prepared");
    if (!Files.exists(prepared)) {
      prepare(data, database);
      Files.writeString(prepared, "clients=" + clients + " seed=" + seed + "\n");
    } else {
      System.out.println("Reusing the prepared database in " + database + " (delete " + work + " to prepare again)");
    }
    List<Client> sample = sample(data, repeat);
    List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx2g"));
    jvm.addAll(List.of(serverJvm.split(" ")).stream().filter(o -> !o.isBlank()).toList()); // e.g. a JFR recording
    try (ServerLauncher server = ServerLauncher.start(devServer("console"), jvm,
        Map.of("SLUIS_DATA_DIR", database.toString()), work.resolve("server-measure.log"))) {
      Duration ready = server.awaitReady(Duration.ofMinutes(5));
      System.out.printf(Locale.ROOT, "Dev server ready after %.1f s (H2 file database, %,d clients)%n",
          ready.toMillis() / 1e3, clients);
      // After a change of organisation-wide records (here: the policy, installed after the load) every client's
      // decision inputs are derived again, in the background after start-up; measured once that is done.
      long backfill = System.nanoTime();
      System.out.println("  " + String.valueOf(server.awaitLogLine("Decision-input snapshots",
          Duration.ofMinutes(30))).replaceAll(
          ".*ClientSnapshotBackfill\\s*:\\s*", "") + String.format(Locale.ROOT, " (waited %.0f s after ready)",
          (System.nanoTime() - backfill) / 1e9));
      System.out.println("  load average before measuring: " + loadAverage());
      WebDriver driver = HeadlessChromium.start(work.resolve("downloads"));
      try {
        for (int r = 0; r < repeat; r++) {
          measureOnce(driver, server.root(), sample.get(r));
        }
        long verify = verifyChain(driver, server.root());
        report(ready, verify);
      } finally {
        driver.quit();
      }
    }
  }

  // ---------- preparation (once per work folder)

  private void prepare(Path data, Path database) throws Exception {
    if (!Files.isDirectory(data)) {
      long start = System.nanoTime();
      runJava("generate", "nl.sluis.dataset.GenerateCommand", "--clients", Integer.toString(clients), "--seed",
          Long.toString(seed), "--out", data.toString());
      System.out.printf(Locale.ROOT, "Generated %,d clients in %.0f s%n", clients, (System.nanoTime() - start) / 1e9);
    }
    BenchTokens tokens = BenchTokens.mint();
    ServerConfiguration loading = devServer("load");
    loading = new ServerConfiguration("load", withEnvironment(loading.environment(), Map.of(
        "SLUIS_CONFORMANCE_VALIDATE_WRITES", "false",
        "SLUIS_DISCLOSURE_TRUSTED_INTERNAL_SYSTEMS", BenchTokens.LOADER_SUBJECT)), List.of(), null, null, false);
    try (ServerLauncher server = ServerLauncher.start(loading, List.of("-Xmx2g"),
        Map.of("SLUIS_DATA_DIR", database.toString()), work.resolve("server-load.log"))) {
      server.awaitReady(Duration.ofMinutes(5));
      long start = System.nanoTime();
      runJava("load", "nl.sluis.dataset.LoadCommand", data.toString(), "--url", server.root() + "/fhir",
          "--token", tokens.trusted);
      System.out.printf(Locale.ROOT, "Loaded in %.0f s%n", (System.nanoTime() - start) / 1e9);
      fillTheLog(server.root(), tokens, sample(data, clients));
      installPolicy(server.root(), tokens.trusted);
    }
  }

  /** Every client's record read once by the GP (consented: permits) so the log has one event per client. */
  private void fillTheLog(String root, BenchTokens tokens, List<Client> all) throws InterruptedException {
    long start = System.nanoTime();
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    for (Client client : all) {
      pool.submit(() -> {
        try {
          int status = http.send(get(root + "/fhir/Patient/" + client.id(), tokens.external),
              HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status != 200) {
            failures.incrementAndGet();
          }
        } catch (IOException | InterruptedException e) {
          failures.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.HOURS);
    System.out.printf(Locale.ROOT, "GP read %,d client records (%d not 200) in %.0f s%n", all.size(),
        failures.get(), (System.nanoTime() - start) / 1e9);
  }

  /** The example organisation policy and the officer who authored it, so the policy page has something to show. */
  private void installPolicy(String root, String token) throws IOException, InterruptedException {
    for (String example : List.of("Organization/ggz-de-sluis", "Practitioner/privacy-officer-01", "PractitionerRole/privacy-officer-01",
        "Consent/organisatiebeleid")) {
      String type = example.substring(0, example.indexOf('/'));
      String id = example.substring(example.indexOf('/') + 1);
      Path file = Path.of("profiles/example", type + "-" + id + ".json");
      if (!Files.exists(file)) {
        file = Path.of("profiles/example", type + "-" + id + "-persoon.json");
      }
      String body = Files.readString(file);
      String resourceId = JSON.readTree(body).path("id").asText();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(root + "/fhir/" + type + "/"
              + resourceId)).header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
          .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException("PUT " + type + "/" + resourceId + ": " + response.statusCode() + " "
            + HttpBenchmark.abbreviate(response.body()));
      }
    }
  }

  private void runJava(String what, String mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(what + ".log").toFile())).start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "), see "
          + work.resolve(what + ".log"));
    }
  }

  /** The dev server as a user starts it: dev profile, embedded H2 under the data folder, nothing else. */
  private static ServerConfiguration devServer(String name) {
    return new ServerConfiguration(name, Map.of("SPRING_PROFILES_ACTIVE", "dev"), List.of(), null, null, false);
  }

  private static Map<String, String> withEnvironment(Map<String, String> base, Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(base);
    all.putAll(more);
    return all;
  }

  private static HttpRequest get(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1))
        .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token).GET().build();
  }

  /** {@code count} clients spread over the whole organisation (seeded), read from the generated bundles. */
  private List<Client> sample(Path data, int count) throws IOException {
    List<Client> all = new ArrayList<>();
    try (var files = Files.list(data)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (JsonNode entry : JSON.readTree(file.toFile()).path("entry")) {
          JsonNode resource = entry.path("resource");
          if ("Patient".equals(resource.path("resourceType").asText())) {
            String bsn = "";
            for (JsonNode identifier : resource.path("identifier")) {
              if (identifier.path("system").asText().endsWith("/bsn")) {
                bsn = identifier.path("value").asText();
              }
            }
            all.add(new Client(resource.path("id").asText(), resource.path("name").path(0).path("family").asText(),
                bsn));
          }
        }
      }
    }
    if (count >= all.size()) {
      return all;
    }
    java.util.Collections.shuffle(all, new Random(seed));
    return all.subList(0, count);
  }

  // ---------- the browser

  /** Signs in as the privacy officer and goes through every view once, asking about one client. */
  private void measureOnce(WebDriver driver, String root, Client client) {
    openConsole(driver, root, true);
    new Select(driver.findElement(By.id("dev-preset"))).selectByValue("privacy-officer");
    timed(driver, "sign in → policy page with version history", "#dev-signin-button",
        "!$('#view-policy').hidden && $('#policy-status').textContent !== ''");

    setValue(driver, "#preview-resource", "Patient/" + client.id());
    setValue(driver, "#preview-organization", GP_URA);
    setValue(driver, "#preview-purpose", "TREAT");
    timed(driver, "policy: preview a change on a sample", "#preview-run",
        "$('#preview-verdict') || $('#preview-error')");
    requireAbsent(driver, "#preview-error");

    click(driver, "#tabs button[data-view=simulator]");
    setValue(driver, "#sim-resource", "Patient/" + client.id());
    setValue(driver, "#sim-organization", GP_URA);
    setValue(driver, "#sim-purpose", "TREAT");
    timed(driver, "simulator: explain a decision", "#sim-run", "$('#sim-outcome') || $('#sim-error')");
    requireAbsent(driver, "#sim-error");

    click(driver, "#tabs button[data-view=log]");
    clear(driver, "#log-summary");
    timed(driver, "log: every event, first page + groups", "#log-search", "$('#log-summary').textContent !== ''");
    requireNoFailure(driver, "#log-summary");
    String firstRow = text(driver, "#log-events tbody tr");
    if (Boolean.TRUE.equals(js(driver, "return !document.querySelector('#log-next').disabled"))) {
      timed(driver, "log: next page", "#log-next", "$('#log-events tbody tr')?.textContent !== "
          + JSON.valueToTree(firstRow));
    }
    setValue(driver, "#log-patient", "Patient/" + client.id());
    clear(driver, "#log-summary");
    timed(driver, "log: one client's events", "#log-search", "$('#log-summary').textContent !== ''");
    requireNoFailure(driver, "#log-summary");
    setValue(driver, "#log-patient", "");
    setValue(driver, "#overview-patient", "Patient/" + client.id());
    timed(driver, "log: one client's overview (right of access)", "#overview-run", "$('#overview').firstChild");

    // clients and consents are the professionals' view: a psychiatrist of the organisation (need-to-know)
    openConsole(driver, root, false);
    new Select(driver.findElement(By.id("dev-preset"))).selectByValue("psychiatrist");
    timed(driver, "sign in (psychiatrist) → clients page", "#dev-signin-button",
        "!$('#view-clients').hidden && $('#who').textContent !== ''");
    setValue(driver, "#client-name", client.family());
    timed(driver, "clients: search by family name (≤ 20 shown)", "#client-search",
        "$('#client-results li') || $('#client-message').textContent !== ''");
    setValue(driver, "#client-name", "");
    setValue(driver, "#client-bsn", client.bsn());
    timed(driver, "clients: search by BSN", "#client-search",
        "$('#client-results li') || $('#client-message').textContent !== ''");
    timed(driver, "clients: open one (consent timeline, records)", ".client-choice",
        "!$('#client-detail').hidden && $('#consent-timeline li')");
    setValue(driver, "#client-bsn", "");

  }

  /** A fresh page without a session: the sign-in page, timed by the page itself when {@code timed}. */
  private void openConsole(WebDriver driver, String root, boolean timed) {
    driver.get(root + "/");
    js(driver, "sessionStorage.clear()");
    driver.get(root + "/console");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    if (timed) {
      record("open the console (sign-in page interactive)",
          Long.parseLong(driver.findElement(By.tagName("body")).getDomAttribute("data-ready-ms")));
    }
    installFetchCounter(driver);
  }

  private long verifyChain(WebDriver driver, String root) {
    openConsole(driver, root, false);
    new Select(driver.findElement(By.id("dev-preset"))).selectByValue("privacy-officer");
    timedMillis(driver, "#dev-signin-button", "!$('#view-policy').hidden && $('#policy-status').textContent !== ''");
    click(driver, "#tabs button[data-view=log]");
    clear(driver, "#log-verify-result");
    return timedMillis(driver, "#log-verify", "$('#log-verify-result').textContent !== '' "
        + "&& $('#log-verify-result').className !== ''");
  }

  /**
   * Counts requests in flight (a response counts until its body has arrived), so that a step ends only when every
   * request it started has been answered and shown.
   */
  private static void installFetchCounter(WebDriver driver) {
    js(driver, "if (!window.__bench) { window.__bench = { inFlight: 0 }; const plain = window.fetch;"
        + " window.fetch = async function (...args) { window.__bench.inFlight++;"
        + " try { const response = await plain.apply(this, args); await response.clone().arrayBuffer();"
        + " return response; } finally { window.__bench.inFlight--; } }; }");
  }

  private void timed(WebDriver driver, String step, String clickSelector, String condition) {
    js(driver, "performance.clearResourceTimings()");
    long millis = timedMillis(driver, clickSelector, condition);
    record(step, millis);
    if (millis > TARGET_MS / 2) {
      // where a slow step's time went: its slowest requests (path only), as the browser timed them
      System.out.println("      slowest requests: " + js(driver, "return performance.getEntriesByType('resource')"
          + ".filter(e => e.initiatorType === 'fetch').sort((a, b) => b.duration - a.duration).slice(0, 4)"
          + ".map(e => new URL(e.name).pathname + ' ' + Math.round(e.duration) + ' ms').join(', ')"));
    }
  }

  /** Clicks, then waits (one animation frame at a time) until the condition holds with no request in flight. */
  private static long timedMillis(WebDriver driver, String clickSelector, String condition) {
    Object result = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1]; const $ = s => document.querySelector(s);"
            + " const started = performance.now(); const deadline = started + 60000;"
            + " $(arguments[0]).click();"
            + " const check = () => { let ok = false; try { ok = !!(" + condition + "); } catch (e) { ok = false; }"
            + "   if (ok && window.__bench.inFlight === 0) { done(performance.now() - started); }"
            + "   else if (performance.now() > deadline) { done(-1); } else { requestAnimationFrame(check); } };"
            + " requestAnimationFrame(check);", clickSelector);
    long millis = Math.round(((Number) result).doubleValue());
    if (millis < 0) {
      throw new IllegalStateException("No answer within 60 s after clicking " + clickSelector);
    }
    return millis;
  }

  private void record(String step, long millis) {
    steps.computeIfAbsent(step, name -> new Step(name, new ArrayList<>())).millis().add(millis);
    System.out.printf(Locale.ROOT, "  %-55s %6d ms%n", step, millis);
  }

  private static void setValue(WebDriver driver, String selector, String value) {
    js(driver, "const e = document.querySelector(arguments[0]); e.value = arguments[1];"
        + " e.dispatchEvent(new Event('change', { bubbles: true }));", selector, value);
  }

  private static void click(WebDriver driver, String selector) {
    js(driver, "document.querySelector(arguments[0]).click()", selector);
  }

  private static void clear(WebDriver driver, String selector) {
    js(driver, "const e = document.querySelector(arguments[0]); e.textContent = ''; e.className = ''", selector);
  }

  private static String text(WebDriver driver, String selector) {
    Object text = js(driver, "return document.querySelector(arguments[0])?.textContent ?? ''", selector);
    return String.valueOf(text);
  }

  private static void requireAbsent(WebDriver driver, String selector) {
    if (!String.valueOf(js(driver, "return document.querySelector(arguments[0])?.textContent ?? ''", selector))
        .isEmpty()) {
      throw new IllegalStateException("The console showed an error: " + text(driver, selector));
    }
  }

  private static void requireNoFailure(WebDriver driver, String selector) {
    String text = text(driver, selector);
    if (text.contains("(4") || text.contains("(5")) {
      throw new IllegalStateException("The console showed an error: " + text);
    }
  }

  private static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  // ---------- the report

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void report(Duration ready, long verifyMillis) {
    System.out.println();
    System.out.printf(Locale.ROOT, "Console on the dev server with %,d clients: %d passes, the first right after the "
        + "server started (cold)%n%n", clients, repeat);
    System.out.println("| step | cold (first) | warm median | slowest | ≤ 1 s |");
    System.out.println("|---|---:|---:|---:|---|");
    boolean all = true;
    for (Step step : steps.values()) {
      boolean met = step.max() <= TARGET_MS;
      all &= met;
      System.out.printf(Locale.ROOT, "| %s | %d ms | %d ms | %d ms | %s |%n", step.name(), step.cold(),
          step.warmMedian(), step.max(), met ? "yes" : "**no**");
    }
    System.out.printf(Locale.ROOT, "%nVerify the chain (every event, not a page view): %d ms. Server start to ready: "
        + "%.1f s.%n", verifyMillis, ready.toMillis() / 1e3);
    System.out.println(all ? "Every step within 1 s." : "NOT every step within 1 s.");
    System.out.println("Load average at the end (1, 5, 15 min; the browser, the server and anything else share the "
        + "machine): " + loadAverage());
  }
}
