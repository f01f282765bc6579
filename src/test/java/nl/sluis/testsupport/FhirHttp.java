package nl.sluis.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;


/**
 * A raw HTTP client for tests that must see exact status codes, headers and bytes (the FHIR generic
 * client hides them). Paths are relative to the server root, e.g. {@code /fhir/Patient}.
 */
public final class FhirHttp {

  public static final String FHIR_JSON = "application/fhir+json";
  public static final String FHIR_XML = "application/fhir+xml";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String root;
  private final String bearerToken;
  private final String[] everyRequest;

  /** A client that sends no token. */
  public FhirHttp(String root) {
    this(root, null);
  }

  /** A client that sends {@code Authorization: Bearer <token>} on every request. */
  public FhirHttp(String root, String bearerToken) {
    this(root, bearerToken, new String[0]);
  }

  private FhirHttp(String root, String bearerToken, String[] everyRequest) {
    this.root = root;
    this.bearerToken = bearerToken;
    this.everyRequest = everyRequest;
  }

  public FhirHttp withToken(String token) {
    return new FhirHttp(root, token, everyRequest);
  }

  /** This client, sending these headers (name, value, …) on every request too, e.g. {@code Accept-Language}. */
  public FhirHttp withHeaders(String... nameValuePairs) {
    String[] all = java.util.Arrays.copyOf(everyRequest, everyRequest.length + nameValuePairs.length);
    System.arraycopy(nameValuePairs, 0, all, everyRequest.length, nameValuePairs.length);
    return new FhirHttp(root, bearerToken, all);
  }

  public String root() {
    return root;
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send(builder(path, headers).GET());
  }

  public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
    return send(builder(path, headers).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> put(String path, String contentType, String body, String... headers) {
    return send(builder(path, headers).header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> method(String method, String path, String contentType, String body,
      String... headers) {
    HttpRequest.Builder builder = builder(path, headers);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder.method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> delete(String path, String... headers) {
    return send(builder(path, headers).DELETE());
  }

  public HttpResponse<String> send(HttpRequest.Builder builder) {
    try {
      return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("HTTP request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder builder(String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(60));
    if (bearerToken != null) {
      builder.header("Authorization", "Bearer " + bearerToken);
    }
    if (everyRequest.length > 0) {
      builder.headers(everyRequest);
    }
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }

  /** The logical id in a Location (or Content-Location) header such as .../fhir/Patient/123/_history/1. */
  public static String idFromLocation(HttpResponse<?> response) {
    String location = response.headers().firstValue("Location")
        .or(() -> response.headers().firstValue("Content-Location")).orElseThrow();
    int history = location.indexOf("/_history/");
    String unversioned = history < 0 ? location : location.substring(0, history);
    return unversioned.substring(unversioned.lastIndexOf('/') + 1);
  }


}
