package nl.sluis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class FhirEndpointWarmUpTest {

  @Test
  void readinessWaitsUntilTheNodeAnsweredItsOwnMetadataAskedWithoutAToken() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    List<String> asked = new CopyOnWriteArrayList<>();
    HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    node.createContext("/", exchange -> {
      asked.add(exchange.getRequestURI().getPath() + " authorization="
          + exchange.getRequestHeaders().getFirst("Authorization"));
      try {
        answer.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    node.start();
    try {
      WarmUpReadiness readiness = new WarmUpReadiness();
      new FhirEndpointWarmUp(readiness, false).warm(node.getAddress().getPort());
      for (int i = 0; i < 250 && asked.isEmpty(); i++) {
        Thread.sleep(20);
      }
      assertThat(asked).containsExactly("/fhir/metadata authorization=null");
      assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
      answer.countDown();
      for (int i = 0; i < 250 && !readiness.pending().isEmpty(); i++) {
        Thread.sleep(20);
      }
      assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
    } finally {
      node.stop(0);
    }
  }

  @Test
  void aNodeThatDoesNotListenDoesNotHoldReadiness() throws Exception {
    WarmUpReadiness readiness = new WarmUpReadiness();
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    new FhirEndpointWarmUp(readiness, false).warm(closedPort);
    for (int i = 0; i < 250 && !readiness.pending().isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
  }
}
