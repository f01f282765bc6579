package nl.sluis.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a socket, for requests no well-behaved client library will send: raw bytes
 * in the request line, malformed escapes, broken headers, bodies written slowly or streamed without end.
 * One request per connection ({@code Connection: close}).
 */
public final class RawHttp {

  /** A parsed answer; {@code status} is -1 when the server closed the connection without one. */
  public record Answer(int status, Map<String, String> headers, String body, long millis) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Writes the body; may stream it lazily or slowly. */
  public interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /**
   * Sends {@code method target} with the given header lines (without Host and Connection) and body. A body
   * writer makes the request chunked unless the headers name a Content-Length.
   */
  public Answer send(byte[] method, byte[] target, Iterable<String> headerLines, BodyWriter body, int timeoutMillis)
      throws IOException {
    long start = System.nanoTime();
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.write(method);
      head.write(' ');
      head.write(target);
      head.write(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
      boolean hasLength = false;
      for (String line : headerLines) {
        hasLength |= line.toLowerCase(Locale.ROOT).startsWith("content-length:");
        head.write(line.getBytes(StandardCharsets.UTF_8));
        head.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      boolean chunked = body != null && !hasLength;
      if (chunked) {
        head.write("Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      head.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.write(head.toByteArray());
      if (body != null) {
        try {
          OutputStream target2 = chunked ? new ChunkedOutput(out) : out;
          body.writeTo(target2);
          if (chunked) {
            target2.close();
          }
          out.flush();
        } catch (IOException refusedWhileSending) {
          // The server answered (and closed) before the whole body was sent: read what it said.
        }
      }
      Answer answer = read(socket.getInputStream(), start);
      return answer;
    }
  }

  private static Answer read(InputStream in, long start) throws IOException {
    byte[] all;
    try {
      all = in.readAllBytes();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException reset) {
      all = new byte[0];
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    String text = new String(all, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      return new Answer(-1, Map.of(), text, millis);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(status, headers, body, millis);
  }

  private static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int position = 0;
    while (position < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", position);
      if (lineEnd < 0) {
        break;
      }
      int size;
      try {
        size = Integer.parseInt(chunked.substring(position, lineEnd).split(";")[0].trim(), 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0) {
        break;
      }
      int from = lineEnd + 2;
      // sizes count bytes; the text is decoded, close enough for checks on ASCII answers
      int to = Math.min(chunked.length(), from + size);
      body.append(chunked, from, to);
      position = to + 2;
    }
    return body.toString();
  }

  /** HTTP/1.1 chunked transfer coding. */
  private static final class ChunkedOutput extends OutputStream {
    private final OutputStream out;

    ChunkedOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (length == 0) {
        return;
      }
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes, offset, length);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  /** Lets a compressing stream finish (close writes its trailer) without closing the socket's stream. */
  public static final class NonClosing extends java.io.FilterOutputStream {
    public NonClosing(java.io.OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws java.io.IOException {
      flush();
    }
  }
}
