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
      return read(socket.getInputStream(), start, isHead(method));
    }
  }

  /**
   * Reads the answer up to its end: the body its Content-Length or chunked coding delimits, or else up to the end of
   * the connection. A server that has answered may keep the connection open for a while before closing it (Tomcat
   * discards the rest of a refused body for up to {@code server.tomcat.connection-timeout}); a real client has its
   * answer once the message is complete and does not wait for that. A connection reset before the answer is complete
   * yields status -1.
   */
  private static Answer read(InputStream in, long start, boolean head) throws IOException {
    Received received = new Received();
    byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = in.read(buffer)) != -1) {
        received.write(buffer, 0, read);
        if (complete(received.bytes(), received.size(), head)) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException reset) {
      received.reset();
    }
    byte[] all = received.toByteArray();
    long millis = (System.nanoTime() - start) / 1_000_000;
    String text = new String(all, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      return new Answer(-1, Map.of(), text, millis);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = headers(lines);
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      // chunk sizes count bytes: undo the chunking before decoding
      body = dechunk(all, indexOf(all, all.length, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0) + 4);
    }
    return new Answer(status, headers, body, millis);
  }

  private static Map<String, String> headers(String[] lines) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return headers;
  }

  /**
   * Whether these bytes hold a whole answer: a final status line and headers, and the body they delimit (none for
   * HEAD, 204 and 304). An answer that delimits its body by closing the connection, or an interim (1xx) one, is
   * complete only at the end of the connection.
   */
  static boolean complete(byte[] received, int length, boolean head) {
    int headEnd = indexOf(received, length, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (headEnd < 0) {
      return false;
    }
    String[] lines = new String(received, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    if (!lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
      return false;
    }
    int status;
    try {
      status = Integer.parseInt(lines[0].substring(9, 12));
    } catch (NumberFormatException e) {
      return false;
    }
    if (status < 200) {
      return false;
    }
    int bodyStart = headEnd + 4;
    if (head || status == 204 || status == 304) {
      return true;
    }
    Map<String, String> headers = headers(lines);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      return chunkedBodyEnds(received, length, bodyStart);
    }
    String contentLength = headers.get("content-length");
    if (contentLength == null) {
      return false;
    }
    try {
      return length - bodyStart >= Long.parseLong(contentLength);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether the chunked body from {@code position} has reached its last chunk and the empty line after it. */
  private static boolean chunkedBodyEnds(byte[] received, int length, int position) {
    byte[] lineEnd = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    while (true) {
      int sizeEnd = indexOf(received, length, lineEnd, position);
      if (sizeEnd < 0) {
        return false;
      }
      long size;
      try {
        size = Long.parseLong(new String(received, position, sizeEnd - position, StandardCharsets.ISO_8859_1)
            .split(";")[0].trim(), 16);
      } catch (NumberFormatException e) {
        return false;
      }
      if (size == 0) {
        // trailer fields (none expected) and the empty line that ends the message
        int trailerEnd = indexOf(received, length, lineEnd, sizeEnd + 2);
        while (trailerEnd >= 0 && trailerEnd != sizeEnd + 2) {
          sizeEnd = trailerEnd;
          trailerEnd = indexOf(received, length, lineEnd, sizeEnd + 2);
        }
        return trailerEnd >= 0;
      }
      long next = sizeEnd + 2 + size + 2;
      if (next > length) {
        return false;
      }
      position = (int) next;
    }
  }

  private static int indexOf(byte[] bytes, int length, byte[] part, int from) {
    for (int i = Math.max(0, from); i + part.length <= length; i++) {
      boolean found = true;
      for (int j = 0; j < part.length && found; j++) {
        found = bytes[i + j] == part[j];
      }
      if (found) {
        return i;
      }
    }
    return -1;
  }

  /** The bytes received so far, readable without a copy per read. */
  private static final class Received extends ByteArrayOutputStream {
    byte[] bytes() {
      return buf;
    }
  }

  private static boolean isHead(byte[] method) {
    return new String(method, StandardCharsets.ISO_8859_1).equals("HEAD");
  }

  /** The body of a chunked answer, as received (up to where it ends or breaks off), decoded as UTF-8. */
  private static String dechunk(byte[] all, int position) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] lineEnd = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    while (position < all.length) {
      int sizeEnd = indexOf(all, all.length, lineEnd, position);
      if (sizeEnd < 0) {
        break;
      }
      int size;
      try {
        size = Integer.parseInt(new String(all, position, sizeEnd - position, StandardCharsets.ISO_8859_1)
            .split(";")[0].trim(), 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0) {
        break;
      }
      int from = sizeEnd + 2;
      int to = Math.min(all.length, from + size);
      body.write(all, from, to - from);
      position = to + 2;
    }
    return body.toString(StandardCharsets.UTF_8);
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
