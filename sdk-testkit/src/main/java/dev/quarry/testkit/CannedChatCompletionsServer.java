package dev.quarry.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * <b>Test double</b> for an OpenAI-compatible chat server: an HTTP server on 127.0.0.1 (a free port) that answers
 * every request with one canned chat-completions response in OpenAI's JSON format, and records what it received.
 * Thread-safe.
 */
public final class CannedChatCompletionsServer implements AutoCloseable {
  /** A request as the server received it. */
  public record Received(String method, String path, String authorization, String body) {}

  private final HttpServer server;
  private final byte[] response;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private CannedChatCompletionsServer(String content, int promptTokens, int completionTokens) throws IOException {
    this.response = """
        {"id": "chatcmpl-test-double", "object": "chat.completion", "created": 1700000000, "model": "test-double",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}
        """.formatted(jsonEscape(content), promptTokens, completionTokens, promptTokens + completionTokens)
        .getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** Starts a server whose every reply is an assistant message with {@code content} and this token usage. */
  public static CannedChatCompletionsServer answering(String content, int promptTokens, int completionTokens)
      throws IOException {
    return new CannedChatCompletionsServer(content, promptTokens, completionTokens);
  }

  /** The API root to configure a client with, ending in {@code /v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** What the server received so far, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Authorization"), body));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, response.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response);
      }
    }
  }

  private static String jsonEscape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
