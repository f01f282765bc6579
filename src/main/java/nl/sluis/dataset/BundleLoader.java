package nl.sluis.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts bundle files to a FHIR server. Files are loaded in phases by the digits before the first '-' in their name
 * ("0-organisation-000.json" before "1-clients-00000.json"), files of one phase by {@code parallel} loaders. A file
 * over the entry or byte limit is posted in consecutive chunks (safe for the generator's bundles: every entry is a
 * PUT referring to resources by id, never by a fullUrl of another chunk). A 5xx answer or a connection error is
 * retried with backoff, a 4xx never: its OperationOutcome names the refused entries.
 */
public final class BundleLoader {

  /** How to load: limits per request, concurrency, retries, progress output. */
  public record Settings(int maxEntries, long maxBytes, int parallel, int retries, Duration initialBackoff,
      Duration requestTimeout, int progressIntervalSeconds) {

    public static Settings defaults() {
      return new Settings(DataSetSpec.MAX_BUNDLE_ENTRIES, 10L * 1024 * 1024, 2, 5, Duration.ofSeconds(1),
          Duration.ofMinutes(10), 10);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENTRY = Pattern.compile("Bundle\\.entry\\[(\\d+)]");
  private static final Pattern ENTRY_PREFIX = Pattern.compile("^Bundle\\.entry\\[\\d+](?: \\(fullUrl [^)]*\\))?: ");
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final HttpClient client;
  private final URI base;
  private final String token;
  private final Settings settings;
  private final PrintStream log;
  private final boolean terminal;
  private final AtomicInteger retries = new AtomicInteger();
  private final List<RefusedEntry> refused = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger stored = new AtomicInteger();
  private final AtomicInteger rolledBack = new AtomicInteger();
  private volatile int files;
  private volatile int total;
  private volatile long start = System.nanoTime();

  public BundleLoader(HttpClient client, URI base, String token, Settings settings, PrintStream log,
      boolean terminal) {
    this.client = client;
    this.base = base;
    this.token = token;
    this.settings = settings;
    this.log = log;
    this.terminal = terminal;
  }

  /** The bundle files of a directory in load order (by name). */
  public static List<Path> bundleFiles(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
          .sorted().toList();
    }
  }

  /** Loads the files (once per loader); {@link #report()} tells how far it got, also while it runs. */
  public LoadReport load(List<Path> files) throws IOException, InterruptedException {
    int entries = 0;
    for (Path file : files) {
      entries += entries(read(file)).size();
    }
    this.files = files.size();
    this.total = entries;
    Progress progress = new Progress(log, terminal, entries, settings.progressIntervalSeconds());
    start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallel());
    try {
      for (List<Path> phase : phases(files).values()) {
        List<Future<?>> running = new ArrayList<>();
        for (Path file : phase) {
          running.add(pool.submit(() -> {
            loadFile(file, progress);
            return null;
          }));
        }
        for (Future<?> future : running) {
          try {
            future.get();
          } catch (ExecutionException e) {
            throw new IOException("Loading failed: " + e.getCause(), e.getCause());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
    return report();
  }

  /** What has been stored and refused so far. */
  public LoadReport report() {
    List<RefusedEntry> sorted;
    synchronized (refused) {
      sorted = new ArrayList<>(refused);
    }
    sorted.sort((a, b) -> a.file().equals(b.file()) ? Integer.compare(a.index(), b.index())
        : a.file().compareTo(b.file()));
    return new LoadReport(files, total, stored.get(), rolledBack.get(), retries.get(),
        Duration.ofNanos(System.nanoTime() - start), sorted);
  }

  /** Files grouped by the phase digits before the first '-', in order; a name without them is a phase alone. */
  static Map<String, List<Path>> phases(List<Path> files) {
    Map<String, List<Path>> phases = new TreeMap<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      Matcher phase = Pattern.compile("^(\\d+)-").matcher(name);
      phases.computeIfAbsent(phase.find() ? phase.group(1) : name, k -> new ArrayList<>()).add(file);
    }
    return phases;
  }

  private void loadFile(Path file, Progress progress) throws IOException, InterruptedException {
    JsonNode bundle = read(file);
    String type = bundle.path("type").asText();
    if (!bundle.path("resourceType").asText().equals("Bundle") || !(type.equals("transaction")
        || type.equals("batch"))) {
      throw new IOException(file + " is not a transaction or batch Bundle");
    }
    List<JsonNode> entries = entries(bundle);
    String name = file.getFileName().toString();
    for (int[] chunk : chunks(entries)) {
      Outcome outcome = post(name, type, entries, chunk[0], chunk[1]);
      stored.addAndGet(outcome.stored);
      rolledBack.addAndGet(outcome.notStored - outcome.refused.size());
      refused.addAll(outcome.refused);
      progress.advance(outcome.stored, outcome.notStored);
    }
  }

  /** Consecutive [from, to) ranges under the entry and byte limits (a single entry over the byte limit alone). */
  List<int[]> chunks(List<JsonNode> entries) {
    List<int[]> chunks = new ArrayList<>();
    int from = 0;
    long bytes = 64;
    for (int i = 0; i < entries.size(); i++) {
      long size = entries.get(i).toString().getBytes(StandardCharsets.UTF_8).length + 1;
      if (i > from && (i - from >= settings.maxEntries() || bytes + size > settings.maxBytes())) {
        chunks.add(new int[] {from, i});
        from = i;
        bytes = 64;
      }
      bytes += size;
    }
    if (from < entries.size()) {
      chunks.add(new int[] {from, entries.size()});
    }
    return chunks;
  }

  private record Outcome(int stored, int notStored, List<RefusedEntry> refused) {}

  private Outcome post(String file, String type, List<JsonNode> entries, int from, int to)
      throws InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("resourceType", "Bundle").put("type", type);
    ArrayNode chunk = body.putArray("entry");
    entries.subList(from, to).forEach(chunk::add);
    HttpRequest request = HttpRequest.newBuilder(base)
        .timeout(settings.requestTimeout())
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    Duration backoff = settings.initialBackoff();
    String lastFailure = null;
    for (int attempt = 0; attempt <= settings.retries(); attempt++) {
      if (attempt > 0) {
        retries.incrementAndGet();
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        lastFailure = "connection failed: " + e;
        continue;
      }
      int status = response.statusCode();
      if (status >= 500) {
        lastFailure = "HTTP " + status + ": " + outcomeText(response.body());
        continue;
      }
      if (status >= 200 && status < 300) {
        return type.equals("batch") ? batchOutcome(file, entries, from, to, response.body())
            : new Outcome(to - from, 0, List.of());
      }
      return new Outcome(0, to - from, refusedEntries(file, entries, from, to, status, response.body()));
    }
    return new Outcome(0, to - from, List.of(new RefusedEntry(file, -1, null,
        "entries " + from + ".." + (to - 1), "not stored after " + settings.retries() + " retries: " + lastFailure)));
  }

  /** The entries a 4xx answer's OperationOutcome names; when it names none, the chunk as a whole. */
  private List<RefusedEntry> refusedEntries(String file, List<JsonNode> entries, int from, int to, int status,
      String body) {
    Map<Integer, List<String>> byEntry = new LinkedHashMap<>();
    List<String> unplaced = new ArrayList<>();
    JsonNode outcome = parse(body);
    for (JsonNode issue : outcome.path("issue")) {
      String severity = issue.path("severity").asText();
      if (!severity.equals("error") && !severity.equals("fatal")) {
        continue;
      }
      String text = issueText(issue);
      Integer index = entryIndex(issue);
      if (index != null && index >= 0 && index < to - from) {
        byEntry.computeIfAbsent(index, k -> new ArrayList<>()).add(text);
      } else {
        unplaced.add(text);
      }
    }
    List<RefusedEntry> refused = new ArrayList<>();
    byEntry.forEach((index, texts) -> {
      JsonNode entry = entries.get(from + index);
      refused.add(new RefusedEntry(file, from + index, entry.path("fullUrl").asText(null), request(entry),
          "HTTP " + status + ": " + String.join("; ", texts)));
    });
    if (refused.isEmpty() || !unplaced.isEmpty()) {
      String reason = unplaced.isEmpty() ? outcomeText(body) : String.join("; ", unplaced);
      refused.add(new RefusedEntry(file, to - from == 1 ? from : -1, to - from == 1
          ? entries.get(from).path("fullUrl").asText(null) : null,
          to - from == 1 ? request(entries.get(from)) : "entries " + from + ".." + (to - 1),
          "HTTP " + status + ": " + reason));
    }
    return refused;
  }

  /** A batch answers 200 with a status per entry: the 4xx/5xx ones are refused. */
  private Outcome batchOutcome(String file, List<JsonNode> entries, int from, int to, String body) {
    List<RefusedEntry> refused = new ArrayList<>();
    JsonNode answers = parse(body).path("entry");
    for (int i = 0; i < to - from; i++) {
      JsonNode response = answers.path(i).path("response");
      String status = response.path("status").asText("");
      if (!status.startsWith("2")) {
        JsonNode entry = entries.get(from + i);
        refused.add(new RefusedEntry(file, from + i, entry.path("fullUrl").asText(null), request(entry),
            "HTTP " + status + ": " + outcomeText(response.path("outcome").toString())));
      }
    }
    return new Outcome(to - from - refused.size(), refused.size(), refused);
  }

  private static Integer entryIndex(JsonNode issue) {
    List<String> places = new ArrayList<>();
    issue.path("expression").forEach(e -> places.add(e.asText()));
    issue.path("location").forEach(e -> places.add(e.asText()));
    places.add(issue.path("diagnostics").asText(""));
    for (String place : places) {
      Matcher matcher = ENTRY.matcher(place);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
    }
    return null;
  }

  private static String issueText(JsonNode issue) {
    String text = issue.path("diagnostics").asText(issue.path("details").path("text").asText(""));
    text = ENTRY_PREFIX.matcher(text).replaceFirst("");
    JsonNode expression = issue.path("expression").path(0);
    return expression.isMissingNode() ? text : text + " [" + expression.asText() + "]";
  }

  /** An OperationOutcome's error texts, or the body itself (shortened) when it is not one. */
  static String outcomeText(String body) {
    JsonNode outcome = parse(body);
    List<String> texts = new ArrayList<>();
    outcome.path("issue").forEach(issue -> texts.add(issueText(issue)));
    String text = texts.isEmpty() ? body.replaceAll("\\s+", " ") : String.join("; ", texts);
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
  }

  private static String request(JsonNode entry) {
    JsonNode request = entry.path("request");
    return request.isMissingNode() ? null : request.path("method").asText() + " " + request.path("url").asText();
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  private static List<JsonNode> entries(JsonNode bundle) {
    List<JsonNode> entries = new ArrayList<>();
    bundle.path("entry").forEach(entries::add);
    return entries;
  }
}
