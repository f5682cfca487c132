package dev.quarry.vectorstore.chroma;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * The Chroma server the tests use: the one {@code QUARRY_TEST_CHROMA_URL} names ({@code eval "$(.ci/start-chroma)"}
 * starts one). Without it the tests are skipped, unless {@code QUARRY_REQUIRE_CHROMA=true} (as in CI), which makes a
 * missing server fail them.
 */
final class ChromaServer {
  static final String URL_VARIABLE = "QUARRY_TEST_CHROMA_URL";

  private ChromaServer() {}

  /** The test server's address, or a skipped (or, when required, failed) test. */
  static URI endpoint() {
    Optional<String> url = Optional.ofNullable(System.getenv(URL_VARIABLE)).filter(u -> !u.isBlank());
    if (url.isEmpty()) {
      if (Boolean.parseBoolean(System.getenv("QUARRY_REQUIRE_CHROMA"))) {
        throw new IllegalStateException("QUARRY_REQUIRE_CHROMA is true but " + URL_VARIABLE + " is not set: run"
            + " eval \"$(.ci/start-chroma)\" first");
      }
      Assumptions.abort(URL_VARIABLE + " is not set: no Chroma server to test against");
    }
    return URI.create(url.get());
  }

  private static final Set<String> MADE = ConcurrentHashMap.newKeySet();

  /** A collection name no other test (or earlier run) uses; {@link #dropMade} deletes it. */
  static String freshCollection(String prefix) {
    String name = prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    MADE.add(name);
    return name;
  }

  /**
   * Deletes the collections {@link #freshCollection} named, so that a long-lived test server does not fill up:
   * Chroma keeps every collection's metadata in one SQLite database, and filter lookups slow down as it grows.
   */
  static void dropMade() {
    HttpClient client = HttpClient.newHttpClient();
    for (String name : List.copyOf(MADE)) {
      try {
        client.send(HttpRequest.newBuilder(endpoint().resolve(
            "/api/v2/tenants/default_tenant/databases/default_database/collections/" + name)).DELETE().build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      MADE.remove(name);
    }
  }
}
