package nl.sluis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Loads the generated data set through FHIR transaction bundles with several concurrent loaders, as the
 * trusted internal system (its token on every bundle): first all Patients (the server assigns ids, read
 * back from the transaction responses) including the few without consent, then one client Consent per
 * measured Patient, then the Observations that reference them (plus one per Patient without consent).
 * A bundle that fails is retried once; a second failure aborts.
 */
final class DataSetLoader {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Patient {@code index} as stored: server id and BSN. */
  record LoadedPatient(String id, String bsn) {}

  record Phase(String type, int resources, int bundles, Duration duration, int retries) {
    double rate() {
      return resources / (duration.toNanos() / 1e9);
    }
  }

  /** {@code patients}: the measured ones, each with a consent; {@code unconsented}: the few without. */
  record Result(List<LoadedPatient> patients, List<LoadedPatient> unconsented, List<Phase> phases) {
    Duration duration() {
      return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    int resources() {
      return phases.stream().mapToInt(Phase::resources).sum();
    }
  }

  private final HttpClient client;
  private final String fhirBase;
  private final DataSetGenerator generator;
  private final int bundleSize;
  private final int loaders;
  private final String token;

  DataSetLoader(HttpClient client, String fhirBase, DataSetGenerator generator, int bundleSize, int loaders,
      String token) {
    this.client = client;
    this.token = token;
    this.fhirBase = fhirBase;
    this.generator = generator;
    this.bundleSize = bundleSize;
    this.loaders = loaders;
  }

  Result load(int observations) throws InterruptedException {
    int measured = generator.patients();
    int unconsented = DataSetGenerator.UNCONSENTED_PATIENTS;
    String[] patientIds = new String[measured + unconsented];
    Phase patients = loadPhase("Patient", patientIds.length, generator::patientJson, patientIds);
    Phase consents = loadPhase("Consent", measured, index -> generator.consentJson(patientIds[index]), null);
    Phase observationPhase = loadPhase("Observation", observations + unconsented,
        index -> generator.observationJson(index, patientIds[index < observations
            ? generator.observationSubject(index) : measured + index - observations]), null);
    List<LoadedPatient> loaded = new ArrayList<>(measured);
    List<LoadedPatient> without = new ArrayList<>(unconsented);
    for (int i = 0; i < patientIds.length; i++) {
      (i < measured ? loaded : without).add(new LoadedPatient(patientIds[i], generator.bsn(i)));
    }
    return new Result(loaded, without, List.of(patients, consents, observationPhase));
  }

  private Phase loadPhase(String type, int count, IntFunction<String> resource, String[] ids)
      throws InterruptedException {
    int bundles = (count + bundleSize - 1) / bundleSize;
    AtomicInteger retries = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(loaders);
    long start = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int b = 0; b < bundles; b++) {
        int from = b * bundleSize;
        int to = Math.min(count, from + bundleSize);
        futures.add(pool.submit(() -> {
          String[] created = postBundle(type, from, to, resource, retries);
          if (ids != null) {
            System.arraycopy(created, 0, ids, from, created.length);
          }
          int finished = done.incrementAndGet();
          if (finished % Math.max(1, bundles / 10) == 0 || finished == bundles) {
            System.out.printf("  %s: %d/%d bundles, %.0f s%n", type, finished, bundles,
                (System.nanoTime() - start) / 1e9);
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Loading " + type + " failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
    }
    return new Phase(type, count, bundles, Duration.ofNanos(System.nanoTime() - start), retries.get());
  }

  /** Posts entries [from, to) as one transaction; returns the server-assigned ids in entry order. */
  private String[] postBundle(String type, int from, int to, IntFunction<String> resource,
      AtomicInteger retries) throws IOException, InterruptedException {
    StringBuilder bundle = new StringBuilder(600 * (to - from) + 100);
    bundle.append("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = from; i < to; i++) {
      bundle.append(i == from ? "" : ",").append("{\"resource\":").append(resource.apply(i))
          .append(",\"request\":{\"method\":\"POST\",\"url\":\"").append(type).append("\"}}");
    }
    bundle.append("]}");
    HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase))
        .timeout(Duration.ofMinutes(5))
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(bundle.toString()))
        .build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return ids(response.body(), to - from);
      }
      if (attempt == 2) {
        throw new IllegalStateException("Transaction " + type + "[" + from + ".." + to + ") answered "
            + response.statusCode() + ": " + abbreviate(response.body()));
      }
      retries.incrementAndGet();
      System.out.printf("  retrying %s bundle [%d..%d) after HTTP %d: %s%n", type, from, to,
          response.statusCode(), abbreviate(response.body()));
    }
  }

  private static String[] ids(String body, int expected) throws IOException {
    JsonNode entries = JSON.readTree(body).path("entry");
    if (entries.size() != expected) {
      throw new IllegalStateException("Transaction response has " + entries.size() + " entries, expected " + expected);
    }
    String[] ids = new String[expected];
    for (int i = 0; i < expected; i++) {
      // "Patient/123/_history/1" (possibly absolute) -> "123"
      String location = entries.get(i).path("response").path("location").asText();
      int history = location.indexOf("/_history");
      String unversioned = history < 0 ? location : location.substring(0, history);
      ids[i] = unversioned.substring(unversioned.lastIndexOf('/') + 1);
    }
    return ids;
  }

  static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }
}
