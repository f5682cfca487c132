package dev.quarry.springai;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A <b>test double</b> for an Ollama server, not a real one: a JDK HTTP server on a free local port that answers
 * {@code POST /api/chat} and {@code POST /api/embed} with what its script returns for the parsed request body, and
 * records the bodies. It lets Spring AI's real {@code OllamaChatModel} and {@code OllamaEmbeddingModel} (RestClient,
 * Jackson 3, Spring AI's error handler and retry) run offline.
 *
 * <p>Thread-safe.
 */
final class FakeOllamaServer implements AutoCloseable {
  /** A scripted reply: an HTTP status and a JSON body. */
  record Reply(int status, String json) {
    static Reply ok(String json) {
      return new Reply(200, json);
    }
  }

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final List<JsonNode> requests = new ArrayList<>(); // guarded by itself

  private FakeOllamaServer(Function<JsonNode, Reply> chat, Function<JsonNode, Reply> embed) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/api/chat", exchange -> answer(exchange, chat));
    server.createContext("/api/embed", exchange -> answer(exchange, embed));
    server.start();
  }

  /** A server answering chats with {@code chat} and refusing embeddings. */
  static FakeOllamaServer chatting(Function<JsonNode, Reply> chat) {
    return new FakeOllamaServer(chat, request -> new Reply(404, "{\"error\":\"no embeddings here\"}"));
  }

  /** A server answering embeddings with {@code embed} and refusing chats. */
  static FakeOllamaServer embedding(Function<JsonNode, Reply> embed) {
    return new FakeOllamaServer(request -> new Reply(404, "{\"error\":\"no chat here\"}"), embed);
  }

  /** An Ollama chat reply with {@code message} (a JSON object), usage counts and "stop". */
  static String chatReply(String message, int promptTokens, int outputTokens) {
    return "{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":" + message
        + ",\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":" + promptTokens + ",\"eval_count\":"
        + outputTokens + "}";
  }

  private void answer(com.sun.net.httpserver.HttpExchange exchange, Function<JsonNode, Reply> script)
      throws IOException {
    try (exchange) {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      synchronized (requests) {
        requests.add(body);
      }
      Reply reply = script.apply(body);
      byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /** The request bodies received so far, in order. A snapshot. */
  List<JsonNode> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
