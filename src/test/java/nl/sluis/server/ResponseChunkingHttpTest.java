package nl.sluis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import nl.sluis.testsupport.H2ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A JSON answer is sent in buffer-sized pieces, not one network write per JSON value ({@link FlushAtEndFilter}):
 * HAPI's encoder flushes after every value, which made the 1.5 MB CapabilityStatement take 350 ms instead of
 * 50 ms. Counted as HTTP chunks on the wire, which each flush that reaches the socket produces.
 */
@H2ServerTest
class ResponseChunkingHttpTest {

  /** Tomcat's default response buffer is 8 KiB; a flush per value gives chunks of tens of bytes. */
  private static final int SMALLEST_AVERAGE_CHUNK = 4096;

  @LocalServerPort int port;

  @Test
  void uncompressedJsonIsSentInBufferSizedChunks() throws IOException {
    Chunked answer = get("/fhir/metadata", "Accept: application/fhir+json");
    String body = new String(answer.body, StandardCharsets.UTF_8);
    assertThat(body).startsWith("{\"resourceType\":\"CapabilityStatement\"").endsWith("}");
    assertThat(answer.body.length).isGreaterThan(100_000);
    assertThat(answer.body.length / answer.chunks).as("average chunk of %d", answer.chunks)
        .isGreaterThanOrEqualTo(SMALLEST_AVERAGE_CHUNK);
  }

  @Test
  void gzippedJsonArrivesWhole() throws IOException {
    // HAPI writes gzip through the response stream, whose flushes are held back too: nothing may be lost at the end.
    Chunked plain = get("/fhir/metadata", "Accept: application/fhir+json");
    Chunked zipped = get("/fhir/metadata", "Accept: application/fhir+json\r\nAccept-Encoding: gzip");
    byte[] unzipped = new GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body)).readAllBytes();
    assertThat(new String(unzipped, StandardCharsets.UTF_8)).isEqualTo(new String(plain.body, StandardCharsets.UTF_8));
  }

  private record Chunked(byte[] body, int chunks) {}

  private Chunked get(String target, String headers) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return dechunk(socket.getInputStream());
    }
  }

  private static Chunked dechunk(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    int position = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0) + 4;
    String head = new String(all, 0, position, StandardCharsets.ISO_8859_1).toLowerCase();
    assertThat(head).startsWith("http/1.1 200").contains("transfer-encoding: chunked");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int chunks = 0;
    while (true) {
      int lineEnd = indexOf(all, new byte[] {'\r', '\n'}, position);
      int size = Integer.parseInt(new String(all, position, lineEnd - position, StandardCharsets.ISO_8859_1)
          .split(";")[0].trim(), 16);
      if (size == 0) {
        return new Chunked(body.toByteArray(), chunks);
      }
      body.write(all, lineEnd + 2, size);
      chunks++;
      position = lineEnd + 2 + size + 2;
    }
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("malformed HTTP answer");
  }
}
