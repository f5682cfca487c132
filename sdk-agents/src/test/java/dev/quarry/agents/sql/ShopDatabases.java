package dev.quarry.agents.sql;

import dev.quarry.samples.SampleShopDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Test fixture: the {@link SampleShopDatabase} on every database this run can reach, each created once per
 * JVM, and the ways of connecting to it. H2 (in memory) is always there. PostgreSQL is there when
 * {@code QUARRY_TEST_POSTGRES_URL} holds a JDBC URL with user and password (see {@code .ci/start-postgres});
 * the shop is then created afresh in the schema {@code quarry_shop}, and with
 * {@code QUARRY_TEST_POSTGRES_SUPERUSER_URL} the suites also connect as superuser and as a least-privilege
 * reading role. With {@code QUARRY_REQUIRE_POSTGRES=true} (as in CI) a missing PostgreSQL fails the tests
 * instead of leaving it out.
 */
final class ShopDatabases {
  static final String POSTGRES_URL_VARIABLE = "QUARRY_TEST_POSTGRES_URL";
  static final String POSTGRES_SUPERUSER_URL_VARIABLE = "QUARRY_TEST_POSTGRES_SUPERUSER_URL";
  private static final String POSTGRES_SCHEMA = "quarry_shop";
  private static final String READER = "quarry_reader";
  private static final String READER_PASSWORD = "reader-secret";

  /** The columns of {@code customers} the shop assistant may read; every other public table is readable whole. */
  static final Set<String> CUSTOMER_COLUMNS = Set.of("id", "city", "country", "segment", "created_on");

  private static List<ShopDatabase> owners;
  private static List<ShopDatabase> everyAccess;

  private ShopDatabases() {}

  /** How a test connects. */
  enum Access {
    /** H2's default admin user, or the PostgreSQL role that owns the tables: what an application gets by default. */
    OWNER,
    /** A PostgreSQL superuser. */
    SUPERUSER,
    /** A user that can only read the shop assistant's tables and columns ({@link #CUSTOMER_COLUMNS}). */
    READER
  }

  /**
   * A database holding the sample shop, reached as {@code access}; {@code owner} reads the checksums (a
   * reader cannot read every table).
   */
  record ShopDatabase(String name, SqlDialect dialect, Access access, DataSource dataSource, DataSource owner) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The tables and columns the shop assistant may read: every public table, and some columns of customers. */
  static Map<String, Set<String>> assistantTables() {
    Map<String, Set<String>> tables = new LinkedHashMap<>();
    for (String table : SampleShopDatabase.PUBLIC_TABLES) {
      tables.put(table, table.equals("customers") ? CUSTOMER_COLUMNS : Set.of());
    }
    return tables;
  }

  /** Every reachable database with the shop created in it, reached as its owner; for {@code @MethodSource}. */
  static synchronized List<ShopDatabase> all() throws SQLException {
    if (owners == null) {
      List<ShopDatabase> databases = new ArrayList<>();
      databases.add(h2());
      String url = System.getenv(POSTGRES_URL_VARIABLE);
      if (url != null && !url.isBlank()) {
        databases.add(postgres(url));
      } else if (Boolean.parseBoolean(System.getenv("QUARRY_REQUIRE_POSTGRES"))) {
        throw new IllegalStateException("QUARRY_REQUIRE_POSTGRES is true but " + POSTGRES_URL_VARIABLE
            + " is not set; run: eval \"$(.ci/start-postgres)\"");
      }
      owners = List.copyOf(databases);
    }
    return owners;
  }

  /**
   * Every reachable database reached every way: as owner (H2 admin, PostgreSQL table owner), as a
   * least-privilege reader, and as PostgreSQL superuser.
   */
  static synchronized List<ShopDatabase> everyAccess() throws SQLException {
    if (everyAccess == null) {
      List<ShopDatabase> databases = new ArrayList<>(all());
      ShopDatabase h2 = databases.get(0);
      databases.add(h2Reader(h2));
      String superuserUrl = System.getenv(POSTGRES_SUPERUSER_URL_VARIABLE);
      var postgres = databases.stream().filter(d -> d.dialect() == SqlDialect.POSTGRESQL).findFirst();
      if (postgres.isPresent()) {
        ShopDatabase owner = postgres.get();
        if (superuserUrl != null && !superuserUrl.isBlank()) {
          databases.addAll(postgresSuperuserAndReader(superuserUrl, owner));
        } else if (Boolean.parseBoolean(System.getenv("QUARRY_REQUIRE_POSTGRES"))) {
          throw new IllegalStateException("QUARRY_REQUIRE_POSTGRES is true but " + POSTGRES_SUPERUSER_URL_VARIABLE
              + " is not set; run: eval \"$(.ci/start-postgres)\"");
        }
      }
      everyAccess = List.copyOf(databases);
    }
    return everyAccess;
  }

  private static ShopDatabase h2() throws SQLException {
    JdbcDataSource dataSource = h2DataSource("", "");
    try (Connection connection = dataSource.getConnection()) {
      SampleShopDatabase.create(connection);
    }
    return new ShopDatabase("H2", SqlDialect.H2, Access.OWNER, dataSource, dataSource);
  }

  private static ShopDatabase h2Reader(ShopDatabase h2) throws SQLException {
    try (Connection admin = h2.dataSource().getConnection()) {
      SampleShopDatabase.createReadOnlyUser(admin, READER, READER_PASSWORD, assistantTables());
    }
    return new ShopDatabase("H2 as reader", SqlDialect.H2, Access.READER, h2DataSource(READER, READER_PASSWORD),
        h2.dataSource());
  }

  private static JdbcDataSource h2DataSource(String user, String password) {
    JdbcDataSource dataSource = new JdbcDataSource();
    // Only an admin may set DB_CLOSE_DELAY; the admin's setting keeps the database open for the reader too.
    dataSource.setURL("jdbc:h2:mem:sample-shop" + (user.isEmpty() ? ";DB_CLOSE_DELAY=-1" : ""));
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  private static ShopDatabase postgres(String url) throws SQLException {
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setURL(url);
    try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + POSTGRES_SCHEMA + " CASCADE");
      statement.execute("CREATE SCHEMA " + POSTGRES_SCHEMA);
    }
    PGSimpleDataSource dataSource = postgresDataSource(url);
    try (Connection connection = dataSource.getConnection()) {
      SampleShopDatabase.create(connection);
    }
    return new ShopDatabase("PostgreSQL", SqlDialect.POSTGRESQL, Access.OWNER, dataSource, dataSource);
  }

  private static List<ShopDatabase> postgresSuperuserAndReader(String superuserUrl, ShopDatabase owner)
      throws SQLException {
    PGSimpleDataSource superuser = postgresDataSource(superuserUrl);
    try (Connection connection = superuser.getConnection()) {
      SampleShopDatabase.createReadOnlyUser(connection, READER, READER_PASSWORD, assistantTables());
    }
    PGSimpleDataSource reader = postgresDataSource(System.getenv(POSTGRES_URL_VARIABLE));
    reader.setUser(READER);
    reader.setPassword(READER_PASSWORD);
    return List.of(
        new ShopDatabase("PostgreSQL as superuser", SqlDialect.POSTGRESQL, Access.SUPERUSER, superuser,
            owner.dataSource()),
        new ShopDatabase("PostgreSQL as reader", SqlDialect.POSTGRESQL, Access.READER, reader, owner.dataSource()));
  }

  private static PGSimpleDataSource postgresDataSource(String url) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setCurrentSchema(POSTGRES_SCHEMA);
    return dataSource;
  }
}
