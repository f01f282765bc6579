package nl.sluis.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The readiness probe's {@code warmUp} part: out of service until every start-up warm-up registered here has
 * finished (or failed: a failed warm-up only means the first request pays, so it must not keep a node out of the
 * load balancer forever). The server answers requests meanwhile; a load balancer or orchestrator that follows
 * {@code /actuator/health/readiness} sends traffic only once the first requests no longer pay for cold caches.
 */
public final class WarmUpReadiness implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(WarmUpReadiness.class);
  private final Map<String, CompletableFuture<?>> warmUps = new ConcurrentHashMap<>();

  /** Runs {@code work} on a thread of its own and holds readiness until it ends. */
  public void runInBackground(String name, Runnable work) {
    long start = System.nanoTime();
    warmUps.put(name, CompletableFuture.runAsync(work, task -> {
      Thread thread = new Thread(task, "warm-up-" + name); // its own thread: warm-ups wait for the database
      thread.setDaemon(true);
      thread.start();
    }).whenComplete((done, failure) -> {
      if (failure != null) {
        log.warn("Warm-up '{}' failed after {} ms (the first requests pay instead): {}", name,
            (System.nanoTime() - start) / 1_000_000, failure.toString());
      }
    }));
  }

  /** The warm-ups still running, by name. */
  public List<String> pending() {
    return warmUps.entrySet().stream().filter(e -> !e.getValue().isDone()).map(Map.Entry::getKey).sorted().toList();
  }

  @Override
  public Health health() {
    List<String> pending = pending();
    return pending.isEmpty() ? Health.up().build() : Health.outOfService().withDetail("warming", pending).build();
  }
}
