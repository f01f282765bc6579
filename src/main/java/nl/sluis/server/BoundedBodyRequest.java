package nl.sluis.server;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import nl.sluis.server.RequestBodyLimitFilter.BodyEncoding;
import nl.sluis.server.language.Messages;

/**
 * The request as HAPI sees it: its body decoded and counted while it is read. Crossing the limit or the
 * read deadline throws a FHIR response exception (unchecked, so that HAPI's body loader, which turns any
 * IOException into a 400, passes it on as the 413/408 it is).
 */
final class BoundedBodyRequest extends HttpServletRequestWrapper {

  private static final String CONTENT_ENCODING = "Content-Encoding";
  private final BodyEncoding encoding;
  private final long limit;
  private final long deadlineNanos;
  private ServletInputStream stream;
  private BufferedReader reader;

  BoundedBodyRequest(HttpServletRequest request, BodyEncoding encoding, long limit, long readTimeoutNanos) {
    super(request);
    this.encoding = encoding;
    this.limit = limit;
    this.deadlineNanos = System.nanoTime() + readTimeoutNanos;
  }

  static PayloadTooLargeException tooLarge(long limit) {
    return new PayloadTooLargeException(Messages.text("limits.bodyTooLarge", limit));
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (stream == null) {
      InputStream raw = new Counted(super.getInputStream());
      stream = switch (encoding) {
        case GZIP -> new Counted(new GZIPInputStream(raw, 8192));
        case DEFLATE -> new Counted(new InflaterInputStream(raw));
        default -> (Counted) raw;
      };
    }
    return stream;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (reader == null) {
      String charset = getCharacterEncoding();
      reader = new BufferedReader(new InputStreamReader(getInputStream(),
          charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset)));
    }
    return reader;
  }

  @Override
  public int getContentLength() {
    return encoding == BodyEncoding.IDENTITY ? super.getContentLength() : -1;
  }

  @Override
  public long getContentLengthLong() {
    return encoding == BodyEncoding.IDENTITY ? super.getContentLengthLong() : -1;
  }

  @Override
  public String getHeader(String name) {
    return CONTENT_ENCODING.equalsIgnoreCase(name) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return CONTENT_ENCODING.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    List<String> names = Collections.list(super.getHeaderNames());
    names.removeIf(CONTENT_ENCODING::equalsIgnoreCase);
    return Collections.enumeration(names);
  }

  /** Counts bytes (raw, and again after decoding) and checks the deadline on every read. */
  private final class Counted extends ServletInputStream {
    private final InputStream in;
    private long count;
    private boolean finished;

    Counted(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      checkDeadline();
      int read = in.read(buffer, offset, length);
      if (read < 0) {
        finished = true;
        return read;
      }
      count += read;
      if (count > limit) {
        throw tooLarge(limit);
      }
      return read;
    }

    private void checkDeadline() {
      if (System.nanoTime() - deadlineNanos > 0) {
        BaseServerResponseException timeout =
            new UnclassifiedServerFailureException(408, Messages.text("limits.bodyTooSlow"));
        throw timeout;
      }
    }

    @Override
    public boolean isFinished() {
      return finished;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new UnsupportedOperationException("Sluis reads request bodies blocking");
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
