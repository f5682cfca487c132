package dev.quarry.agents.sql;

import dev.quarry.testkit.SampleShopDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Test fixture: the {@link SampleShopDatabase} on every database this run can reach, each created once per
 * JVM. H2 (in memory) is always there. PostgreSQL is there when {@code QUARRY_TEST_POSTGRES_URL} holds a JDBC
 * URL with user and password (see {@code .ci/start-postgres}); the shop is then created afresh in the schema
 * {@code quarry_shop}. With {@code QUARRY_REQUIRE_POSTGRES=true} (as in CI) a missing PostgreSQL fails the
 * tests instead of leaving it out.
 */
final class ShopDatabases {
  static final String POSTGRES_URL_VARIABLE = "QUARRY_TEST_POSTGRES_URL";
  private static final String POSTGRES_SCHEMA = "quarry_shop";

  private static List<ShopDatabase> all;

  private ShopDatabases() {}

  /** A database holding the sample shop. */
  record ShopDatabase(String name, SqlDialect dialect, DataSource dataSource) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every reachable database with the shop created in it; for {@code @MethodSource}. */
  static synchronized List<ShopDatabase> all() throws SQLException {
    if (all == null) {
      List<ShopDatabase> databases = new ArrayList<>();
      databases.add(h2());
      String url = System.getenv(POSTGRES_URL_VARIABLE);
      if (url != null && !url.isBlank()) {
        databases.add(postgres(url));
      } else if (Boolean.parseBoolean(System.getenv("QUARRY_REQUIRE_POSTGRES"))) {
        throw new IllegalStateException("QUARRY_REQUIRE_POSTGRES is true but " + POSTGRES_URL_VARIABLE
            + " is not set; run: eval \"$(.ci/start-postgres)\"");
      }
      all = List.copyOf(databases);
    }
    return all;
  }

  private static ShopDatabase h2() throws SQLException {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:sample-shop;DB_CLOSE_DELAY=-1");
    try (Connection connection = dataSource.getConnection()) {
      SampleShopDatabase.create(connection);
    }
    return new ShopDatabase("H2", SqlDialect.H2, dataSource);
  }

  private static ShopDatabase postgres(String url) throws SQLException {
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setURL(url);
    try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + POSTGRES_SCHEMA + " CASCADE");
      statement.execute("CREATE SCHEMA " + POSTGRES_SCHEMA);
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setCurrentSchema(POSTGRES_SCHEMA);
    try (Connection connection = dataSource.getConnection()) {
      SampleShopDatabase.create(connection);
    }
    return new ShopDatabase("PostgreSQL", SqlDialect.POSTGRESQL, dataSource);
  }
}
