package dev.quarry.examples.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps JSON request bodies at {@link #MAX_JSON_BYTES}: a question or a folder path needs a few kilobytes, and the
 * JSON parser would otherwise read a body of any size (a declared length or a chunked one) into memory before the
 * request's own size checks run. A larger body gets a 413 problem detail. Uploads (multipart) have their own limits
 * ({@code spring.servlet.multipart.*}). Thread-safe: it keeps no state.
 */
@Component
class JsonBodyLimitFilter extends OncePerRequestFilter {
  /** The largest JSON body read. */
  static final int MAX_JSON_BYTES = 64 * 1024;

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!isJson(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > MAX_JSON_BYTES) {
      response.sendError(HttpStatus.CONTENT_TOO_LARGE.value());
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_JSON_BYTES + 1); // a chunked body declares no length
    if (body.length > MAX_JSON_BYTES) {
      response.sendError(HttpStatus.CONTENT_TOO_LARGE.value());
      return;
    }
    chain.doFilter(new ReadBody(request, body), response);
  }

  private static boolean isJson(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return false;
    }
    try {
      MediaType media = MediaType.parseMediaType(type);
      return media.getSubtype().equals("json") || media.getSubtype().endsWith("+json");
    } catch (IllegalArgumentException malformed) {
      return false; // Spring answers the malformed type with its own 415
    }
  }

  /** The request with its body already read. */
  private static final class ReadBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReadBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body is already read; read it blocking");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
    }

    private java.nio.charset.Charset charset() {
      String encoding = getCharacterEncoding();
      try {
        return encoding != null ? java.nio.charset.Charset.forName(encoding) : StandardCharsets.UTF_8;
      } catch (IllegalArgumentException unknown) {
        return StandardCharsets.UTF_8; // JSON is UTF-8 (RFC 8259) whatever the header claims
      }
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
