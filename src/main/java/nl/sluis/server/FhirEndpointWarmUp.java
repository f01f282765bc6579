package nl.sluis.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the web server listens, asks this node for {@code /fhir/metadata} over the loopback interface (public: no
 * token). HAPI builds its CapabilityStatement and initialises its request handling on the first FHIR request:
 * measured with 10,000 clients on 2 cores, that first request took 1.5–2.0 s, and the first authenticated
 * requests after it still ≈ 0.3 s more than later ones. Readiness waits for it ({@link WarmUpReadiness}). With TLS
 * on the server's own port the warm-up is skipped (the first request pays).
 */
public final class FhirEndpointWarmUp implements ApplicationListener<WebServerInitializedEvent> {

  private static final Logger log = LoggerFactory.getLogger(FhirEndpointWarmUp.class);
  private final WarmUpReadiness warmUps;
  private final boolean tls;

  public FhirEndpointWarmUp(WarmUpReadiness warmUps, boolean tls) {
    this.warmUps = warmUps;
    this.tls = tls;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (tls || event.getApplicationContext().getServerNamespace() != null) {
      return; // TLS, or the separate management server (if configured): nothing of FHIR listens there
    }
    warm(event.getWebServer().getPort());
  }

  /** Holds readiness until this node's {@code /fhir/metadata} on {@code port} answered (or could not). */
  void warm(int port) {
    URI metadata = URI.create("http://127.0.0.1:" + port + "/fhir/metadata");
    warmUps.runInBackground("fhir-endpoint", () -> {
      long start = System.nanoTime();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest request = HttpRequest.newBuilder(metadata).timeout(Duration.ofSeconds(60))
          .header("Accept", "application/fhir+json").build();
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        log.info("FHIR endpoint warmed: /fhir/metadata answered {} in {} ms", status,
            (System.nanoTime() - start) / 1_000_000);
      } catch (java.io.IOException e) {
        log.info("FHIR endpoint warm-up skipped: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }
}
