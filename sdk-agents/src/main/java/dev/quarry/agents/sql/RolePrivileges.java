package dev.quarry.agents.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks, when {@link TextToSql} is built, that the connection's database role can do no more than read the
 * allowed tables and columns, so that the database enforces what the guard promises even if the guard is
 * wrong. Each finding is a sentence naming what the role could do and how to take it away:
 * <ul>
 *   <li>PostgreSQL: a superuser (or a role that may create roles or databases, or bypasses row security);
 *       {@code default_transaction_read_only} off; CREATE on the schema or the database; INSERT, UPDATE,
 *       DELETE or TRUNCATE on, or ownership of, any table of the schema; SELECT on a table that is not
 *       allowed, or on a hidden column of an allowed one.</li>
 *   <li>H2: an admin user (who may write, and run Java code through {@code CREATE ALIAS}); a schema the
 *       user owns; INSERT, UPDATE or DELETE rights; SELECT rights on a table that is not allowed; SELECT on a
 *       table with hidden columns (H2 has no column privileges: grant a view of the allowed columns instead).
 *       A database opened read-only ({@code ACCESS_MODE_DATA=r}) cannot be written whatever the rights.</li>
 * </ul>
 * Stateless.
 */
final class RolePrivileges {

  private RolePrivileges() {
  }

  /** What the connection's role could do beyond reading the allowed tables and columns; empty when nothing. */
  static List<String> findings(Connection connection, SqlDialect dialect, DatabaseSchema schema)
      throws SQLException {
    return dialect == SqlDialect.POSTGRESQL ? postgres(connection, schema) : h2(connection, schema);
  }

  private static List<String> postgres(Connection connection, DatabaseSchema schema) throws SQLException {
    List<String> findings = new ArrayList<>();
    String role;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_user, rolsuper, rolcreaterole, rolcreatedb,"
            + " rolbypassrls, current_setting('default_transaction_read_only'),"
            + " has_database_privilege(current_database(), 'CREATE') FROM pg_roles WHERE rolname = current_user")) {
      if (!rs.next()) {
        return List.of("the current role is not in pg_roles; its privileges could not be checked");
      }
      role = rs.getString(1);
      if (rs.getBoolean(2)) {
        return List.of("role '" + role + "' is a superuser: it can write anything, read server files and"
            + " change settings; connect as a role that can only SELECT the allowed tables and columns");
      }
      if (rs.getBoolean(3) || rs.getBoolean(4) || rs.getBoolean(5)) {
        findings.add("role '" + role + "' may create roles or databases or bypass row security;"
            + " ALTER ROLE " + role + " NOCREATEROLE NOCREATEDB NOBYPASSRLS");
      }
      if (!"on".equalsIgnoreCase(rs.getString(6))) {
        findings.add("role '" + role + "' starts transactions read-write; ALTER ROLE " + role
            + " SET default_transaction_read_only = on, so that even a COMMIT smuggled past the guard"
            + " cannot write");
      }
      if (rs.getBoolean(7)) {
        findings.add("role '" + role + "' may CREATE in the database; REVOKE CREATE ON DATABASE ... FROM "
            + role + " (and from PUBLIC)");
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT has_schema_privilege(?, 'CREATE')")) {
      statement.setString(1, schema.schema());
      try (ResultSet rs = statement.executeQuery()) {
        if (rs.next() && rs.getBoolean(1)) {
          findings.add("role '" + role + "' may CREATE in schema '" + schema.schema() + "'; REVOKE CREATE ON"
              + " SCHEMA " + schema.schema() + " FROM " + role + " (and from PUBLIC)");
        }
      }
    }
    tablePrivileges(connection, schema, role, findings);
    return findings;
  }

  private static void tablePrivileges(Connection connection, DatabaseSchema schema, String role,
      List<String> findings) throws SQLException {
    Set<String> writable = new TreeSet<>();
    Set<String> readableNotAllowed = new TreeSet<>();
    Map<String, Set<String>> hiddenReadable = new TreeMap<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT c.relname, c.oid,"
        + " pg_get_userbyid(c.relowner) = current_user, has_table_privilege(c.oid, 'SELECT'),"
        + " has_any_column_privilege(c.oid, 'INSERT, UPDATE') OR has_table_privilege(c.oid, 'DELETE, TRUNCATE')"
        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'v', 'm', 'p', 'f')")) {
      statement.setString(1, schema.schema());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          if (rs.getBoolean(3) || rs.getBoolean(5)) {
            writable.add(table);
          }
          var allowed = schema.table(table);
          if (allowed.isEmpty() && rs.getBoolean(4)) {
            readableNotAllowed.add(table);
          } else if (allowed.isPresent() && !allowed.get().allColumns()) {
            Set<String> hidden = readableHiddenColumns(connection, rs.getLong(2), allowed.get());
            if (!hidden.isEmpty()) {
              hiddenReadable.put(table, hidden);
            }
          }
        }
      }
    }
    if (!writable.isEmpty()) {
      findings.add("role '" + role + "' owns or may write tables " + writable + "; connect as a role that"
          + " owns nothing and has only SELECT");
    }
    if (!readableNotAllowed.isEmpty()) {
      findings.add("role '" + role + "' may read tables that are not allowed: " + readableNotAllowed
          + "; REVOKE SELECT on them");
    }
    hiddenReadable.forEach((table, columns) -> findings.add("role '" + role + "' may read hidden columns "
        + columns + " of table '" + table + "'; grant SELECT on the allowed columns only"));
  }

  private static Set<String> readableHiddenColumns(Connection connection, long oid, DatabaseSchema.Table table)
      throws SQLException {
    Set<String> allowed = new HashSet<>(table.columns().stream().map(DatabaseSchema.Column::name).toList());
    Set<String> hidden = new TreeSet<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT attname FROM pg_attribute"
        + " WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped"
        + " AND has_column_privilege(attrelid, attnum, 'SELECT')")) {
      statement.setLong(1, oid);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          if (!allowed.contains(rs.getString(1))) {
            hidden.add(rs.getString(1));
          }
        }
      }
    }
    return hidden;
  }

  private static List<String> h2(Connection connection, DatabaseSchema schema) throws SQLException {
    List<String> findings = new ArrayList<>();
    String user;
    boolean readOnlyDatabase;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT CURRENT_USER, READONLY(), (SELECT IS_ADMIN FROM"
            + " INFORMATION_SCHEMA.USERS WHERE USER_NAME = CURRENT_USER)")) {
      rs.next();
      user = rs.getString(1);
      readOnlyDatabase = rs.getBoolean(2);
      if (rs.getBoolean(3)) {
        return List.of("H2 user '" + user + "' is an admin: it can " + (readOnlyDatabase ? "" : "write any table,")
            + " call Java code through CREATE ALIAS and read files; connect as a user created with CREATE USER"
            + " and given GRANT SELECT on the allowed tables only");
      }
    }
    Set<String> writable = new TreeSet<>();
    Set<String> readableNotAllowed = new TreeSet<>();
    Set<String> restrictedReadable = new TreeSet<>();
    // the user's own privileges and those of its roles and PUBLIC (a non-admin sees only these)
    try (PreparedStatement statement = connection.prepareStatement("SELECT TABLE_NAME, PRIVILEGE_TYPE FROM"
        + " INFORMATION_SCHEMA.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = ?")) {
      statement.setString(1, schema.schema());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          String privilege = String.valueOf(rs.getString(2)).toUpperCase(Locale.ROOT);
          if (!readOnlyDatabase && !privilege.equals("SELECT")) {
            writable.add(table);
          }
          var allowed = schema.table(table);
          if (privilege.equals("SELECT") && allowed.isEmpty()) {
            readableNotAllowed.add(table);
          } else if (privilege.equals("SELECT") && !allowed.get().allColumns()) {
            restrictedReadable.add(table);
          }
        }
      }
    }
    if (!readOnlyDatabase && ownsSchema(connection, user, schema.schema())) {
      findings.add("H2 user '" + user + "' owns schema '" + schema.schema() + "' and may change anything in"
          + " it; let another user own it");
    }
    if (!writable.isEmpty()) {
      findings.add("H2 user '" + user + "' may write tables " + writable + "; REVOKE INSERT, UPDATE, DELETE");
    }
    if (!readableNotAllowed.isEmpty()) {
      findings.add("H2 user '" + user + "' may read tables that are not allowed: " + readableNotAllowed
          + "; REVOKE SELECT on them");
    }
    if (!restrictedReadable.isEmpty()) {
      findings.add("H2 user '" + user + "' may read every column of " + restrictedReadable + ", which have"
          + " hidden columns; H2 has no column privileges, so grant SELECT on a view of the allowed columns");
    }
    return findings;
  }

  private static boolean ownsSchema(Connection connection, String user, String schema) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT SCHEMA_OWNER FROM"
        + " INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && user.equals(rs.getString(1));
      }
    }
  }
}
