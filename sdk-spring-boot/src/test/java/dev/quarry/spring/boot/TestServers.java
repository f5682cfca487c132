package dev.quarry.spring.boot;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real servers CI starts ({@code .ci/start-pgvector}, {@code .ci/start-chroma}): their URL from the
 * environment, or a skipped test, or a failed one when {@code QUARRY_REQUIRE_<NAME>=true} (as in CI).
 */
final class TestServers {
  private TestServers() {}

  static String pgvectorUrl() {
    return url("QUARRY_TEST_PGVECTOR_URL", "QUARRY_REQUIRE_PGVECTOR", ".ci/start-pgvector");
  }

  static String chromaUrl() {
    return url("QUARRY_TEST_CHROMA_URL", "QUARRY_REQUIRE_CHROMA", ".ci/start-chroma");
  }

  private static String url(String variable, String required, String script) {
    Optional<String> url = Optional.ofNullable(System.getenv(variable)).filter(u -> !u.isBlank());
    if (url.isEmpty()) {
      if (Boolean.parseBoolean(System.getenv(required))) {
        throw new IllegalStateException(required + " is true but " + variable + " is not set: run eval \"$("
            + script + ")\" first");
      }
      Assumptions.abort(variable + " is not set: no server to test against");
    }
    return url.get();
  }
}
