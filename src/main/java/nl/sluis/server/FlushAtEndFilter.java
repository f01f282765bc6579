package nl.sluis.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HAPI's JSON encoder writes every value through Jackson's {@code ObjectMapper.writeValue}, which flushes
 * after each value ({@code FLUSH_AFTER_WRITE_VALUE}); each flush pushes a tiny chunk to the socket. An
 * uncompressed 1.5 MB CapabilityStatement took 350 ms instead of 45 ms as XML, and every JSON read and
 * search paid the same per value. Inside {@code /fhir} the response's writer and stream therefore ignore
 * {@code flush()}: Tomcat still sends whenever its buffer fills, and everything left when the writer is
 * closed or the request ends. {@code flushBuffer()} (an explicit commit) is left as it is.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 20)
public class FlushAtEndFilter extends OncePerRequestFilter {

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals("/fhir") || path.startsWith("/fhir/"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, new FlushAtEndResponse(response));
  }

  static final class FlushAtEndResponse extends HttpServletResponseWrapper {

    private PrintWriter writer;
    private ServletOutputStream stream;

    FlushAtEndResponse(HttpServletResponse response) {
      super(response);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (writer == null) {
        writer = new PrintWriter(new IgnoringFlush(super.getWriter()));
      }
      return writer;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (stream == null) {
        stream = new StreamIgnoringFlush(super.getOutputStream());
      }
      return stream;
    }
  }

  private static final class IgnoringFlush extends FilterWriter {

    IgnoringFlush(Writer out) {
      super(out);
    }

    @Override
    public void flush() {
      // sent when the buffer fills and when the response ends
    }
  }

  private static final class StreamIgnoringFlush extends ServletOutputStream {

    private final ServletOutputStream out;

    StreamIgnoringFlush(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void flush() {
      // sent when the buffer fills and when the response ends
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }
}
