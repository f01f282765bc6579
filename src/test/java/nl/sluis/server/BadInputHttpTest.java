package nl.sluis.server;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static nl.sluis.testsupport.FhirHttp.FHIR_XML;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Stream;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Client mistakes get a 4xx with an OperationOutcome that says what is wrong; never a 500. */
class BadInputHttpTest extends PostgresServerTest {

  private static void assertClientError(HttpResponse<String> response, int status, String saying) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains("OperationOutcome").contains(saying);
  }

  @Test
  void malformedJson() {
    assertClientError(http().post("/fhir/Patient", FHIR_JSON, "{\"resourceType\":\"Patient\","),
        400, "Failed to parse request body as JSON");
  }

  @Test
  void malformedXml() {
    assertClientError(http().post("/fhir/Patient", FHIR_XML, "<Patient xmlns=\"http://hl7.org/fhir\">"),
        400, "Failed to parse request body as XML");
  }

  @Test
  void jsonThatIsNotTheDeclaredResource() {
    assertClientError(http().post("/fhir/Patient", FHIR_JSON, "{\"resourceType\":\"Observation\"}"),
        400, "Observation");
  }

  @Test
  void unknownResourceType() {
    assertClientError(http().get("/fhir/Foo/1"), 404, "Unknown resource type 'Foo'");
  }

  @Test
  void wrongContentType() {
    assertClientError(http().post("/fhir/Patient", "text/plain", "hello"), 400, "Content-Type");
  }

  @Test
  void invalidIdAndUnknownId() {
    assertClientError(http().get("/fhir/Patient/a%20b"), 404, "is not known");
    assertClientError(http().get("/fhir/Patient/" + "x".repeat(100)), 404, "is not known");
  }

  @Test
  void invalidSearchParameters() {
    assertClientError(http().get("/fhir/Patient?foo=bar"), 400, "Unknown search parameter \\\"foo\\\"");
    assertClientError(http().get("/fhir/Patient?birthdate=notadate"), 400, "Invalid date/time");
    assertClientError(http().get("/fhir/Patient?_count=abc"), 400, "_count");
  }

  @Test
  void oversizedBodyWithContentLength() {
    String body = "{\"resourceType\":\"Patient\",\"text\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}";
    assertClientError(http().post("/fhir/Patient", FHIR_JSON, body), 413, "larger than the limit");
  }

  @Test
  void oversizedChunkedBody() {
    byte[] chunk = "a".repeat(1024 * 1024).getBytes();
    HttpRequest.Builder request = http().builder("/fhir/Patient")
        .header("Content-Type", FHIR_JSON)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
            java.util.Collections.enumeration(Stream.generate(() -> (java.io.InputStream)
                new java.io.ByteArrayInputStream(chunk)).limit(12).toList()))));
    assertClientError(http().send(request), 413, "larger than the limit");
  }

  @Test
  void xmlExternalEntityIsRefused() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&xxe;\"/></name></Patient>";
    HttpResponse<String> response = http().post("/fhir/Patient", FHIR_XML, xxe);
    assertClientError(response, 400, "Failed to parse");
    assertThat(response.body()).doesNotContain("root:");
  }

  @Test
  void xmlEntityExpansionIsRefused() {
    String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
        + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&lol3;\"/></name></Patient>";
    assertClientError(http().post("/fhir/Patient", FHIR_XML, laughs), 400, "Failed to parse");
  }

  static Stream<String> brokenTransactions() {
    return Stream.of(
        // second entry references a patient that does not exist
        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
            + "\"subject\":{\"reference\":\"Patient/does-not-exist\"}}",
        // second entry is not a valid Observation status
        "{\"resourceType\":\"Observation\",\"status\":\"not-a-status\",\"code\":{\"text\":\"x\"}}");
  }

  @ParameterizedTest
  @MethodSource("brokenTransactions")
  void failingTransactionLeavesNothingBehind(String secondEntry) {
    FhirHttp http = http();
    String family = "Atomic" + UUID.randomUUID().toString().substring(0, 8);
    String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}],"
        + "\"birthDate\":\"2008-05-17\"},"
        + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
        + "{\"resource\":" + secondEntry + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
    HttpResponse<String> response = http.post("/fhir", FHIR_JSON, transaction);
    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    assertThat(response.body()).contains("OperationOutcome");
    assertThat(http.get("/fhir/Patient?family=" + family).body()).contains("\"total\":0");
  }

  @Test
  void transactionWithUnknownMethod() {
    String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"request\":{\"method\":\"FOO\",\"url\":\"Patient\"}}]}";
    HttpResponse<String> response = http().post("/fhir", FHIR_JSON, transaction);
    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
  }
}
