package dev.quarry.agents.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds the {@link SqlGuard} that allows exactly the tables and columns of a read schema. */
final class SchemaGuard {
  private SchemaGuard() {}

  /** A guard over {@code schema}'s tables (with their column allow-lists), with functions allowed and denied. */
  static SqlGuard of(DatabaseSchema schema, SqlDialect dialect, int maxRows, List<String> deniedFunctions,
      List<String> allowedFunctions) {
    SqlGuard.Builder guard = SqlGuard.builder(dialect).maxRows(maxRows);
    allowedFunctions.forEach(guard::allowFunction);
    deniedFunctions.forEach(guard::denyFunction);
    boolean qualified = allowsQualifiedNames(schema);
    for (DatabaseSchema.Table table : schema.tables()) {
      Set<String> columns = table.allColumns()
          ? Set.of()
          : Set.copyOf(table.columns().stream().map(DatabaseSchema.Column::name).toList());
      guard.allowTable(table.name(), columns);
      if (qualified) {
        guard.allowTable(schema.schema() + "." + table.name(), columns);
      }
    }
    return guard.build();
  }

  /**
   * Whether {@code schema.table} may be written too. The guard matches an unquoted schema name
   * case-insensitively, so that is safe only when every unquoted spelling folds to the stored name: with
   * schemas {@code "sales"} and {@code SALES} on H2, an unquoted {@code sales.orders} means
   * {@code SALES.ORDERS}. Otherwise only unqualified names (pinned to the schema) are allowed.
   */
  static boolean allowsQualifiedNames(DatabaseSchema schema) {
    String name = schema.schema();
    return !name.contains(".") && switch (schema.folding()) {
      case UPPER -> name.equals(name.toUpperCase(Locale.ROOT));
      case LOWER -> name.equals(name.toLowerCase(Locale.ROOT));
      case NONE -> false;
    };
  }
}
