package dev.quarry.samples;

import dev.quarry.api.StorageException;
import dev.quarry.api.internal.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * A realistic <b>sample database</b>: the database of a small online shop (ten related tables, a few thousand
 * rows), created and seeded identically on H2 2.x and PostgreSQL 15, for text-to-SQL tests, examples and
 * demos. The data is generated from a fixed seed, so every database created by {@link #create} holds the
 * same rows.
 *
 * <p>Tables: {@code categories}, {@code suppliers}, {@code products}, {@code customers}, {@code employees}
 * (with a self-reference to the manager), {@code orders}, {@code order_items}, {@code payments},
 * {@code reviews}, and {@code staff_salaries}, a confidential table that an assistant must never read
 * ({@link #PUBLIC_TABLES} lists all but that one). Tables and key columns carry SQL comments.
 *
 * <p>{@link #checksums(Connection)} fingerprints every table of the connection's current schema, so a test can
 * prove that nothing was changed, created or dropped.
 *
 * <p>Stateless and thread-safe; the connection passed in is used on the caller's thread only.
 */
public final class SampleShopDatabase {
  /** The tables an assistant may read: every table except {@code staff_salaries}. */
  public static final List<String> PUBLIC_TABLES = List.of(
      "categories", "suppliers", "products", "customers", "employees", "orders", "order_items", "payments",
      "reviews");
  /** The confidential table, for tests that an allow-list keeps it out of reach. */
  public static final String CONFIDENTIAL_TABLE = "staff_salaries";

  /** Number of orders the seed creates. */
  public static final int ORDERS = 1_000;

  private static final String SCHEMA_RESOURCE = "sample-shop-schema.sql";
  private static final long SEED = 20_261_121L;

  private SampleShopDatabase() {}

  /**
   * Creates the tables in the connection's current schema and inserts the seeded rows, in one transaction
   * when the connection is in auto-commit mode (it is restored afterwards).
   *
   * @throws SQLException if a table already exists or the database refuses a statement
   */
  public static void create(Connection connection) throws SQLException {
    Checks.requireNonNull(connection, "connection");
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement statement = connection.createStatement()) {
        for (String ddl : schemaStatements()) {
          statement.execute(ddl);
        }
      }
      new SampleShopSeeder(connection, new Random(SEED)).seed();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * Creates (or re-creates) a database user that can only read the given tables of the connection's current
   * schema, as a text-to-SQL assistant should connect: {@code tables} maps a table name to the columns it may
   * read (an empty set for every column). The connection must be allowed to create users: a PostgreSQL
   * superuser or an H2 admin.
   * <ul>
   *   <li>PostgreSQL: a login role with no other privilege, {@code default_transaction_read_only} on, USAGE on
   *       the schema and SELECT on exactly the given tables and columns.</li>
   *   <li>H2: a non-admin user with SELECT on the given tables. H2 has no column privileges, so a column list
   *       cannot be enforced there; the whole table is granted.</li>
   * </ul>
   */
  public static void createReadOnlyUser(Connection admin, String user, String password,
      Map<String, java.util.Set<String>> tables) throws SQLException {
    Checks.requireNonNull(admin, "admin");
    if (user == null || !user.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("user must be a lower-case SQL name, got '" + user + "'");
    }
    Checks.requireNonNull(password, "password");
    Checks.requireNonNull(tables, "tables");
    tables.forEach((table, columns) -> {
      Checks.requireNonBlank(table, "table name");
      Checks.requireNonNull(columns, "columns of table '" + table + "'");
    });
    boolean postgres = admin.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    String schema = admin.getSchema();
    String literal = "'" + password.replace("'", "''") + "'";
    try (Statement statement = admin.createStatement()) {
      if (postgres) {
        boolean exists;
        try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + user + "'")) {
          exists = rs.next();
        }
        if (exists) {
          statement.execute("DROP OWNED BY " + user);
          statement.execute("DROP ROLE " + user);
        }
        statement.execute("CREATE ROLE " + user + " LOGIN PASSWORD " + literal
            + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
        statement.execute("ALTER ROLE " + user + " SET default_transaction_read_only = on");
        statement.execute("GRANT USAGE ON SCHEMA " + quote(schema) + " TO " + user);
      } else {
        statement.execute("DROP USER IF EXISTS " + user);
        statement.execute("CREATE USER " + user + " PASSWORD " + literal);
      }
      for (Map.Entry<String, java.util.Set<String>> table : tables.entrySet()) {
        String columns = postgres && !table.getValue().isEmpty()
            ? " (" + String.join(", ", table.getValue().stream().map(SampleShopDatabase::quote).sorted().toList())
                + ")"
            : "";
        statement.execute("GRANT SELECT" + columns + " ON " + quote(schema) + "." + quote(stored(admin,
            table.getKey())) + " TO " + user);
      }
    }
  }

  private static String stored(Connection connection, String name) throws SQLException {
    return connection.getMetaData().storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * A fingerprint of every table in the connection's current schema: table name (lower case) to a SHA-256
   * of its row count and rows in a canonical order. Two calls return equal maps exactly when no table was
   * added, dropped or changed in between.
   */
  public static Map<String, String> checksums(Connection connection) throws SQLException {
    Checks.requireNonNull(connection, "connection");
    Map<String, String> sums = new TreeMap<>();
    for (String table : tables(connection)) {
      sums.put(table.toLowerCase(Locale.ROOT), checksum(connection, table));
    }
    return sums;
  }

  private static List<String> tables(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String schema = connection.getSchema();
    List<String> tables = new ArrayList<>();
    // The schema argument is a LIKE pattern ('_' matches any character): keep only exact matches.
    try (ResultSet rs = meta.getTables(connection.getCatalog(), schema, "%",
        new String[] {"TABLE", "BASE TABLE", "VIEW"})) {
      while (rs.next()) {
        if (Objects.equals(schema, rs.getString("TABLE_SCHEM"))) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
    }
    return tables;
  }

  private static String checksum(Connection connection, String table) throws SQLException {
    MessageDigest digest = sha256();
    List<String> rows = new ArrayList<>();
    String quoted = quote(table);
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM " + quoted)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
          row.append(canonical(rs.getObject(column))).append('\u001f');
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    digest.update(Integer.toString(rows.size()).getBytes(StandardCharsets.UTF_8));
    for (String row : rows) {
      digest.update(row.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
    }
    return rows.size() + ":" + HexFormat.of().formatHex(digest.digest());
  }

  private static String canonical(Object value) {
    if (value == null) {
      return "\u0000";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static List<String> schemaStatements() {
    String text;
    try (InputStream in = SampleShopDatabase.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + SCHEMA_RESOURCE + " is missing from quarry-samples");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageException(null, "cannot read resource " + SCHEMA_RESOURCE + " of quarry-samples: " + e, e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith("--") || line.isBlank()) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    return statements;
  }
}
