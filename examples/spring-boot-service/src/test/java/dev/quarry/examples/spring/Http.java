package dev.quarry.examples.spring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A client of the running service over real HTTP ({@link HttpClient}), for tests. Thread-safe. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI base;

  Http(int port) {
    this.base = URI.create("http://localhost:" + port);
  }

  /** A response: its status, content type and body. */
  record Reply(int status, String contentType, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }

  /** One file of a multipart upload. */
  record FilePart(String field, String fileName, byte[] content) {
    static FilePart text(String fileName, String content) {
      return new FilePart("file", fileName, content.getBytes(StandardCharsets.UTF_8));
    }
  }

  Reply get(String pathAndQuery) {
    return send(request(pathAndQuery).GET());
  }

  Reply postJson(String path, String json) {
    return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  Reply post(String path, String contentType, byte[] body) {
    HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  Reply upload(String path, List<FilePart> files) {
    String boundary = "quarry-test-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (FilePart file : files) {
      write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field() + "\"; filename=\""
          + file.fileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
      body.writeBytes(file.content());
      write(body, "\r\n");
    }
    write(body, "--" + boundary + "--\r\n");
    return post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
  }

  Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code GET target} with {@code headers} as they are, over a plain socket: for what {@link URI} or
   * {@link HttpClient} refuse to send (a malformed percent escape, a huge header), as a careless client might.
   */
  Reply rawGet(String target, String... headers) {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int end = response.indexOf("\r\n\r\n");
      String contentType = response.substring(0, end).lines()
          .filter(line -> line.regionMatches(true, 0, "Content-Type:", 0, 13))
          .map(line -> line.substring(13).strip()).findFirst().orElse("");
      String head = response.substring(0, end).toLowerCase(Locale.ROOT);
      String body = response.substring(end + 4);
      if (head.contains("transfer-encoding: chunked")) {
        body = unchunk(body);
      }
      return new Reply(status, contentType, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT);
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
