package dev.quarry.vectorstore.chroma;

import java.net.URI;
import java.util.Optional;
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

  /** A collection name no other test (or earlier run) uses. */
  static String freshCollection(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  }
}
