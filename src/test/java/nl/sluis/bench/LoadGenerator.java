package nl.sluis.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load: N client threads, each sends its next request as soon as the previous answer
 * (body fully read) has arrived, until the deadline. Every answer is timed; each thread has its own
 * seeded Random, so the request sequence of a run is reproducible.
 */
final class LoadGenerator {

  private final HttpClient client;
  private final BenchmarkOperation.Context context;
  private final int clients;

  LoadGenerator(HttpClient client, BenchmarkOperation.Context context, int clients) {
    this.client = client;
    this.context = context;
    this.clients = clients;
  }

  LatencyRecorder.Summary run(BenchmarkOperation operation, Duration duration, long seed)
      throws InterruptedException {
    int clients = operation.clients(this.clients);
    List<LatencyRecorder> recorders = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      recorders.add(new LatencyRecorder());
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    for (int i = 0; i < clients; i++) {
      LatencyRecorder recorder = recorders.get(i);
      Random random = new Random(seed * 31 + operation.ordinal() * 1_000 + i);
      pool.submit(() -> clientLoop(operation, random, deadline, recorder));
    }
    pool.shutdown();
    // Requests time out after 30 s, so every client ends shortly after the deadline.
    if (!pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
      pool.shutdownNow();
      throw new IllegalStateException("Clients did not stop after " + operation.label());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return LatencyRecorder.summarize(recorders, seconds);
  }

  private void clientLoop(BenchmarkOperation operation, Random random, long deadline,
      LatencyRecorder recorder) {
    while (System.nanoTime() < deadline) {
      var request = operation.request(context, random).build();
      long sent = System.nanoTime();
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        long latency = System.nanoTime() - sent;
        if (response.statusCode() / 100 == 2) {
          recorder.success(latency);
        } else {
          recorder.error(response.statusCode());
        }
      } catch (IOException e) {
        recorder.error(0);
        pause(); // a dead server must not turn this loop into a busy spin
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
