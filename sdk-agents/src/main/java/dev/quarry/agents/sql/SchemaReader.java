package dev.quarry.agents.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the allow-listed part of one schema from JDBC {@link DatabaseMetaData}: tables and views with their
 * comments, columns (type, nullability, comment), primary keys and foreign keys. Names the caller gives are
 * resolved to the stored spelling (exact match first, then a unique case-insensitive one), and an allow-list
 * the SQL guard could not enforce is rejected: the guard compares unquoted names case-insensitively, so an
 * allowed name may not differ only in case from a name that is not allowed. Stateless.
 */
final class SchemaReader {

  /** Table types read; foreign tables and system tables are left out on purpose. */
  static final Set<String> TABLE_TYPES =
      Set.of("TABLE", "BASE TABLE", "VIEW", "MATERIALIZED VIEW", "PARTITIONED TABLE");

  private SchemaReader() {
  }

  /**
   * Reads the schema.
   *
   * @param requestedSchema the schema to read, or empty for the connection's current schema
   * @param allow           requested table name to allowed columns (empty set = all); empty map = every table
   */
  static DatabaseSchema read(Connection connection, Optional<String> requestedSchema,
      Map<String, Set<String>> allow) throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    String schema = resolveSchema(connection, metaData, requestedSchema);
    Map<String, String> remarksByTable = readTables(metaData, schema);
    if (remarksByTable.isEmpty()) {
      throw new IllegalArgumentException("schema '" + schema + "' has no tables or views");
    }
    Map<String, Set<String>> allowed = resolveTables(schema, remarksByTable.keySet(), allow);
    Map<String, Set<String>> visible = new LinkedHashMap<>();
    Map<String, List<DatabaseSchema.Column>> columnsByTable = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> entry : allowed.entrySet()) {
      List<DatabaseSchema.Column> columns = readColumns(metaData, schema, entry.getKey(), entry.getValue());
      columnsByTable.put(entry.getKey(), columns);
      visible.put(entry.getKey(), Set.copyOf(columns.stream().map(DatabaseSchema.Column::name).toList()));
    }
    List<DatabaseSchema.Table> tables = new ArrayList<>();
    for (String table : allowed.keySet()) {
      List<String> primaryKey = readPrimaryKey(metaData, schema, table);
      if (!visible.get(table).containsAll(primaryKey)) {
        primaryKey = List.of();
      }
      tables.add(new DatabaseSchema.Table(table, remarksByTable.get(table), columnsByTable.get(table),
          allowed.get(table).isEmpty(), primaryKey, readForeignKeys(metaData, schema, table, visible)));
    }
    tables.sort(Comparator.comparing((DatabaseSchema.Table t) -> t.name().toLowerCase(Locale.ROOT))
        .thenComparing(DatabaseSchema.Table::name));
    DatabaseSchema.Folding folding = metaData.storesUpperCaseIdentifiers() ? DatabaseSchema.Folding.UPPER
        : metaData.storesLowerCaseIdentifiers() ? DatabaseSchema.Folding.LOWER : DatabaseSchema.Folding.NONE;
    return new DatabaseSchema(schema, folding, tables);
  }

  /**
   * The lower-case names of the functions and procedures the schema defines itself: the guard takes them off
   * its allow-list, since a query naming a built-in could reach one of them instead.
   */
  static Set<String> functionNames(Connection connection, String schema) throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    Set<String> names = new TreeSet<>();
    try (ResultSet rs = metaData.getFunctions(null, escape(metaData, schema), "%")) {
      while (rs.next()) {
        if (schema.equals(rs.getString("FUNCTION_SCHEM"))) {
          names.add(rs.getString("FUNCTION_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    try (ResultSet rs = metaData.getProcedures(null, escape(metaData, schema), "%")) {
      while (rs.next()) {
        if (schema.equals(rs.getString("PROCEDURE_SCHEM"))) {
          names.add(rs.getString("PROCEDURE_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  private static String resolveSchema(Connection connection, DatabaseMetaData metaData,
      Optional<String> requested) throws SQLException {
    if (requested.isEmpty()) {
      String current = connection.getSchema();
      if (current == null || current.isBlank()) {
        throw new IllegalArgumentException("the connection has no current schema; set schema(...)");
      }
      return current;
    }
    List<String> schemas = new ArrayList<>();
    try (ResultSet rs = metaData.getSchemas()) {
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
      }
    }
    return resolve(requested.get(), schemas, "schema", "the database");
  }

  private static Map<String, String> readTables(DatabaseMetaData metaData, String schema) throws SQLException {
    Map<String, String> remarks = new TreeMap<>();
    try (ResultSet rs = metaData.getTables(null, escape(metaData, schema), "%", null)) {
      while (rs.next()) {
        String type = rs.getString("TABLE_TYPE");
        if (schema.equals(rs.getString("TABLE_SCHEM")) && type != null
            && TABLE_TYPES.contains(type.toUpperCase(Locale.ROOT))) {
          remarks.put(rs.getString("TABLE_NAME"), clean(rs.getString("REMARKS")));
        }
      }
    }
    return remarks;
  }

  private static Map<String, Set<String>> resolveTables(String schema, Set<String> existing,
      Map<String, Set<String>> allow) {
    Map<String, Set<String>> resolved = new LinkedHashMap<>();
    if (allow.isEmpty()) {
      existing.stream().filter(t -> !t.contains(".")).forEach(t -> resolved.put(t, Set.of()));
      return resolved;
    }
    allow.forEach((requested, columns) -> {
      String table = resolve(requested, existing, "table", "schema '" + schema + "'");
      if (resolved.put(table, columns) != null) {
        throw new IllegalArgumentException("table '" + table + "' is allowed twice (as '" + requested + "')");
      }
    });
    for (String table : resolved.keySet()) {
      for (String other : existing) {
        if (!resolved.containsKey(other) && other.equalsIgnoreCase(table)) {
          throw new IllegalArgumentException("table '" + table + "' is allowed but '" + other + "' is not;"
              + " the SQL guard matches unquoted names case-insensitively, so allow both or rename one");
        }
      }
    }
    return resolved;
  }

  private static List<DatabaseSchema.Column> readColumns(DatabaseMetaData metaData, String schema, String table,
      Set<String> requested) throws SQLException {
    List<DatabaseSchema.Column> all = new ArrayList<>();
    try (ResultSet rs = metaData.getColumns(null, escape(metaData, schema), escape(metaData, table), "%")) {
      while (rs.next()) {
        if (schema.equals(rs.getString("TABLE_SCHEM")) && table.equals(rs.getString("TABLE_NAME"))) {
          int dataType = rs.getInt("DATA_TYPE");
          all.add(new DatabaseSchema.Column(rs.getString("COLUMN_NAME"),
              typeName(rs.getString("TYPE_NAME"), dataType, rs.getInt("COLUMN_SIZE"),
                  rs.getInt("DECIMAL_DIGITS")),
              !"NO".equalsIgnoreCase(rs.getString("IS_NULLABLE")), clean(rs.getString("REMARKS")),
              isText(dataType), List.of()));
        }
      }
    }
    if (requested.isEmpty()) {
      return all;
    }
    List<String> names = all.stream().map(DatabaseSchema.Column::name).toList();
    List<String> allowed = new ArrayList<>();
    for (String column : requested) {
      allowed.add(resolve(column, names, "column", "table '" + table + "'"));
    }
    for (String column : allowed) {
      for (String other : names) {
        if (!allowed.contains(other) && other.equalsIgnoreCase(column)) {
          throw new IllegalArgumentException("column '" + table + "." + column + "' is allowed but '" + other
              + "' is not; the SQL guard matches unquoted names case-insensitively, so allow both");
        }
      }
    }
    return all.stream().filter(c -> allowed.contains(c.name())).toList();
  }

  private static List<String> readPrimaryKey(DatabaseMetaData metaData, String schema, String table)
      throws SQLException {
    Map<Integer, String> columns = new TreeMap<>();
    try (ResultSet rs = metaData.getPrimaryKeys(null, schema, table)) {
      while (rs.next()) {
        columns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
      }
    }
    return List.copyOf(columns.values());
  }

  private static List<DatabaseSchema.ForeignKey> readForeignKeys(DatabaseMetaData metaData, String schema,
      String table, Map<String, Set<String>> visible) throws SQLException {
    Map<String, TreeMap<Integer, String[]>> keys = new LinkedHashMap<>();
    Map<String, String> targets = new LinkedHashMap<>();
    try (ResultSet rs = metaData.getImportedKeys(null, schema, table)) {
      int unnamed = 0;
      while (rs.next()) {
        if (!schema.equals(rs.getString("PKTABLE_SCHEM"))) {
          continue;
        }
        int sequence = rs.getInt("KEY_SEQ");
        String name = rs.getString("FK_NAME");
        if (name == null) {
          name = sequence == 1 ? "#" + ++unnamed : "#" + unnamed;
        }
        keys.computeIfAbsent(name, k -> new TreeMap<>())
            .put(sequence, new String[] {rs.getString("FKCOLUMN_NAME"), rs.getString("PKCOLUMN_NAME")});
        targets.put(name, rs.getString("PKTABLE_NAME"));
      }
    }
    List<DatabaseSchema.ForeignKey> foreignKeys = new ArrayList<>();
    keys.forEach((name, parts) -> {
      String target = targets.get(name);
      List<String> from = parts.values().stream().map(p -> p[0]).toList();
      List<String> to = parts.values().stream().map(p -> p[1]).toList();
      Set<String> targetColumns = visible.get(target);
      if (targetColumns != null && visible.get(table).containsAll(from) && targetColumns.containsAll(to)) {
        foreignKeys.add(new DatabaseSchema.ForeignKey(from, target, to));
      }
    });
    return foreignKeys;
  }

  /** Resolves a caller's name to the stored one: exact first, then the only case-insensitive match. */
  static String resolve(String requested, java.util.Collection<String> existing, String what, String where) {
    String name = requested.strip();
    if (existing.contains(name)) {
      return name;
    }
    List<String> matches = existing.stream().filter(e -> e.equalsIgnoreCase(name)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      List<String> known = existing.stream().sorted().limit(50).toList();
      throw new IllegalArgumentException(what + " '" + requested + "' does not exist in " + where
          + "; known: " + known);
    }
    throw new IllegalArgumentException(what + " '" + requested + "' is ambiguous in " + where + ": " + matches
        + "; spell it exactly");
  }

  private static String typeName(String typeName, int dataType, int size, int digits) {
    String name = typeName == null ? "UNKNOWN" : typeName;
    return switch (dataType) {
      case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR ->
          size > 0 && size < 65_536 ? name + "(" + size + ")" : name;
      case Types.DECIMAL, Types.NUMERIC ->
          size > 0 && size < 1000 ? name + "(" + size + "," + digits + ")" : name;
      default -> name;
    };
  }

  private static boolean isText(int dataType) {
    return switch (dataType) {
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR ->
          true;
      default -> false;
    };
  }

  private static String escape(DatabaseMetaData metaData, String name) throws SQLException {
    String escape = metaData.getSearchStringEscape();
    if (escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
  }

  private static String clean(String remarks) {
    return remarks == null ? "" : remarks.strip().replaceAll("\\s+", " ");
  }
}
