package dev.quarry.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * <b>Test double</b> for OpenAI's chat completions endpoint: an HTTP server on 127.0.0.1 (a free port) that
 * records every request and answers with JSON fixtures in OpenAI's response format, read from {@code
 * src/test/resources/openai/}. Replies are served in the order they were {@linkplain #enqueue queued}; when the
 * queue is empty the {@linkplain #answerAlways fallback} is served, and without one the server answers 500 with a
 * message saying nothing was scripted, so a test never hangs on a missing reply.
 *
 * <p>Thread-safe: requests are served concurrently and recorded under one lock.
 */
final class ReplayingOpenAiServer implements AutoCloseable {
  /** A request as the server received it. */
  record RecordedRequest(String method, String path, String authorization, String body) {}

  private record Reply(int status, String body, Duration delay) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Object lock = new Object();
  private final Deque<Reply> queue = new ArrayDeque<>(); // guarded by lock
  private final List<RecordedRequest> requests = new ArrayList<>(); // guarded by lock
  private Optional<Reply> fallback = Optional.empty(); // guarded by lock

  private ReplayingOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server with nothing queued. */
  static ReplayingOpenAiServer start() {
    try {
      return new ReplayingOpenAiServer();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the replaying OpenAI test server", e);
    }
  }

  /** The base URL to give an OpenAI client, ending in {@code /v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Next, answer with {@code status} and the fixture {@code openai/<fixture>}. */
  ReplayingOpenAiServer enqueue(int status, String fixture) {
    return enqueue(status, fixture, Duration.ZERO);
  }

  /** Next, wait {@code delay}, then answer with {@code status} and the fixture. */
  ReplayingOpenAiServer enqueue(int status, String fixture, Duration delay) {
    Reply reply = new Reply(status, fixture(fixture), delay);
    synchronized (lock) {
      queue.addLast(reply);
    }
    return this;
  }

  /** Answer with {@code status} and the fixture whenever the queue is empty. */
  ReplayingOpenAiServer answerAlways(int status, String fixture) {
    Reply reply = new Reply(status, fixture(fixture), Duration.ZERO);
    synchronized (lock) {
      fallback = Optional.of(reply);
    }
    return this;
  }

  /** Every request received so far, in arrival order. A snapshot. */
  List<RecordedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** The most recent request; fails the test if there was none. */
  RecordedRequest lastRequest() {
    synchronized (lock) {
      if (requests.isEmpty()) {
        throw new AssertionError("the replaying OpenAI server has received no request");
      }
      return requests.getLast();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Reply reply;
      synchronized (lock) {
        requests.add(
            new RecordedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                body));
        reply = queue.isEmpty() ? fallback.orElse(null) : queue.removeFirst();
      }
      if (reply == null) {
        reply = new Reply(500, "{\"error\":{\"message\":\"ReplayingOpenAiServer: no reply was queued\"}}", Duration.ZERO);
      }
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return; // the server is closing
        }
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String fixture(String name) {
    try (InputStream in = ReplayingOpenAiServer.class.getResourceAsStream("/openai/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture openai/" + name + " on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
