package dev.quarry.vectorstore.pgvector;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The pgvector server the tests use: the one {@code QUARRY_TEST_PGVECTOR_URL} names ({@code eval
 * "$(.ci/start-pgvector)"} starts one). Without it the tests are skipped, unless {@code
 * QUARRY_REQUIRE_PGVECTOR=true} (as in CI), which makes a missing server fail them. The pool holds one connection: the test server has a single backend.
 */
final class PgVectorServer {
  static final String URL_VARIABLE = "QUARRY_TEST_PGVECTOR_URL";
  private static HikariDataSource pool;

  private PgVectorServer() {}

  /** The shared pool on the test server, or a skipped (or, when required, failed) test. */
  static synchronized HikariDataSource pool() {
    Optional<String> url = Optional.ofNullable(System.getenv(URL_VARIABLE)).filter(u -> !u.isBlank());
    if (url.isEmpty()) {
      if (Boolean.parseBoolean(System.getenv("QUARRY_REQUIRE_PGVECTOR"))) {
        throw new IllegalStateException("QUARRY_REQUIRE_PGVECTOR is true but " + URL_VARIABLE + " is not set: run"
            + " eval \"$(.ci/start-pgvector)\" first");
      }
      Assumptions.abort(URL_VARIABLE + " is not set: no pgvector server to test against");
    }
    if (pool == null) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url.get());
      config.setMaximumPoolSize(1);
      config.setMinimumIdle(0);
      config.setConnectionTimeout(60_000);
      pool = new HikariDataSource(config);
    }
    return pool;
  }
}
