package dev.quarry.vectorstore.chroma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How server failures reach callers, against a test double: a JDK {@link HttpServer} on loopback that answers as a
 * failing Chroma would (an error status with Chroma's JSON error body, or no answer at all). The real server's own
 * stop is in {@link ChromaServerStopTest}.
 */
class ChromaFailuresTest {
  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void refusedCredentialsAreNotRetriableAndCarryTheServersMessage() throws IOException {
    URI uri = serve(exchange -> answer(exchange, 401, "{\"error\":\"AuthError\",\"message\":\"bad token\"}"));

    assertThatThrownBy(() -> ChromaVectorStore.builder(uri, 4).apiKey("wrong").build())
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("HTTP 401")
        .hasMessageContaining("AuthError: bad token").hasMessageContaining("check the API key");
  }

  @Test
  void aRequestTheServerRefusesIsNotRetriable() throws IOException {
    URI uri = serve(exchange -> answer(exchange, 400, "{\"error\":\"InvalidArgumentError\",\"message\":\"no\"}"));

    assertThatThrownBy(() -> ChromaVectorStore.builder(uri, 4).build())
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("InvalidArgumentError: no");
  }

  @Test
  void anOverloadedServerIsRetriable() throws IOException {
    URI uri = serve(exchange -> answer(exchange, 503, "upstream busy"));

    assertThatThrownBy(() -> ChromaVectorStore.builder(uri, 4).build())
        .isInstanceOf(RetriableException.class).hasMessageContaining("HTTP 503").hasMessageContaining("upstream busy");
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsRetriable() throws IOException {
    URI uri = serve(exchange -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    assertThatThrownBy(() -> ChromaVectorStore.builder(uri, 4).requestTimeout(Duration.ofMillis(300)).build())
        .isInstanceOf(RetriableException.class).hasMessageContaining("did not answer");
  }

  @Test
  void aServerThatIsNotThereIsRetriable() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port);

    assertThatThrownBy(() -> ChromaVectorStore.builder(uri, 4).build())
        .isInstanceOf(RetriableException.class).hasMessageContaining("did not answer");
  }

  private URI serve(Consumer<HttpExchange> handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      handler.accept(exchange);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void answer(HttpExchange exchange, int status, String body) {
    try {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
