package nl.sluis.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated organisation of 20 clients loads into the server on PostgreSQL (validation on) without one refused
 * entry, and a deliberately invalid entry is reported with its file, index, fullUrl and the server's reason.
 */
class DataSetLoadHttpTest extends PostgresServerTest {

  @TempDir Path dir;

  @Test
  void aGeneratedOrganisationLoadsWithoutRefusals() throws Exception {
    DataSetSpec spec = new DataSetSpec(20, 1401, DataSetSpec.DEFAULT_AS_OF, TestTokens.OWN_URA,
        TestTokens.OTHER_URA, 100);
    new DataSet(spec, FhirContext.forR4Cached()).bundles(file -> write(dir.resolve(file.name()), file.json()));
    LoadReport report = loader().load(BundleLoader.bundleFiles(dir));

    assertThat(report.refused()).as("refused entries").isEmpty();
    assertThat(report.clean()).isTrue();
    assertThat(report.stored()).isEqualTo(report.entries()).isGreaterThan(100);
    // stored as generated: the first client by id, with its BSN
    String patient = get("/fhir/Patient/s1401-c0");
    assertThat(patient).contains("\"value\":\"" + new DataSet(spec, FhirContext.forR4Cached()).client(0).bsn());
  }

  @Test
  void aRefusedEntryIsNamedWithFileIndexFullUrlAndOutcome() throws Exception {
    String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + entry("urn:uuid:0b0e6a5c-0000-4000-8000-000000000001", "refusal-ok", "999911120")
        + "," + entry("urn:uuid:0b0e6a5c-0000-4000-8000-000000000002", "refusal-bad", "123456789") + "]}";
    Files.writeString(dir.resolve("1-invalid.json"), bundle);
    LoadReport report = loader().load(BundleLoader.bundleFiles(dir));

    assertThat(report.stored()).isZero();
    assertThat(report.refused()).singleElement().satisfies(refused -> {
      assertThat(refused.file()).isEqualTo("1-invalid.json");
      assertThat(refused.index()).isEqualTo(1);
      assertThat(refused.fullUrl()).isEqualTo("urn:uuid:0b0e6a5c-0000-4000-8000-000000000002");
      assertThat(refused.request()).isEqualTo("PUT Patient/refusal-bad");
      assertThat(refused.reason()).startsWith("HTTP 422").contains("sluis-bsn-1");
    });
    assertThat(report.rolledBack()).isEqualTo(1); // the valid entry went down with its transaction
  }

  private static String entry(String fullUrl, String id, String bsn) {
    return "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"" + id + "\","
        + "\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\",\"value\":\"" + bsn + "\"}],"
        + "\"birthDate\":\"1990-01-01\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + id + "\"}}";
  }

  private BundleLoader loader() {
    return new BundleLoader(HttpClient.newHttpClient(), URI.create("http://localhost:" + port + "/fhir"),
        TestTokens.internalSystem(), BundleLoader.Settings.defaults(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + path))
        .header("Authorization", "Bearer " + TestTokens.internalSystem()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static void write(Path file, byte[] json) {
    try {
      Files.write(file, json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
