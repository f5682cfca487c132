package dev.quarry.agents.sql;

import java.util.List;
import java.util.Set;

/**
 * One allow-listed table: its name parts ({@code [schema,] table}) and, optionally, the only columns a
 * query may read from it (empty = all columns). Immutable.
 */
record AllowedTable(List<String> nameParts, Set<String> columns) {

  AllowedTable {
    nameParts = List.copyOf(nameParts);
    columns = Set.copyOf(columns);
  }

  static AllowedTable parse(String qualifiedName, Set<String> columns) {
    if (qualifiedName == null || qualifiedName.isBlank()) {
      throw new IllegalArgumentException("table name must not be blank");
    }
    List<String> parts = List.of(qualifiedName.strip().split("\\."));
    if (parts.size() > 2 || parts.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("table must be 'table' or 'schema.table', got '" + qualifiedName + "'");
    }
    for (String column : columns) {
      if (column == null || column.isBlank()) {
        throw new IllegalArgumentException("blank column name for table '" + qualifiedName + "'");
      }
    }
    return new AllowedTable(parts, columns);
  }

  boolean restrictsColumns() {
    return !columns.isEmpty();
  }

  /** Whether a table written as {@code written} (schema and table parts, as in the query) is this one. */
  boolean matches(List<String> written) {
    if (written.size() != nameParts.size()) {
      return false;
    }
    for (int i = 0; i < written.size(); i++) {
      if (!Identifiers.matches(written.get(i), nameParts.get(i))) {
        return false;
      }
    }
    return true;
  }

  boolean allowsColumn(String written) {
    return !restrictsColumns() || columns.stream().anyMatch(c -> Identifiers.matches(written, c));
  }

  String displayName() {
    return String.join(".", nameParts);
  }
}
