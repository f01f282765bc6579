package nl.sluis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class WarmUpReadinessTest {

  @Test
  void outOfServiceWhileAWarmUpRunsAndUpWhenItEndsEvenByFailing() throws InterruptedException {
    WarmUpReadiness readiness = new WarmUpReadiness();
    assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    readiness.runInBackground("slow", () -> await(release));
    readiness.runInBackground("failing", () -> {
      failed.countDown();
      throw new IllegalStateException("no terminology");
    });
    assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 100 && readiness.pending().size() > 1; i++) {
      Thread.sleep(20);
    }
    assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(readiness.health().getDetails()).containsEntry("warming", java.util.List.of("slow"));
    release.countDown();
    for (int i = 0; i < 100 && !readiness.pending().isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
