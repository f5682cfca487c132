package dev.quarry.agents.sql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SchemaReader} found: the allow-listed tables of one schema with their columns, keys,
 * comments and sample values. Names are spelled as the database stores them. Immutable.
 *
 * @param schema  the schema name, as stored
 * @param folding how the database stores unquoted identifiers
 * @param tables  the tables, in case-insensitive name order
 */
record DatabaseSchema(String schema, Folding folding, List<Table> tables) {

  DatabaseSchema {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(folding, "folding");
    tables = List.copyOf(tables);
  }

  DatabaseSchema withTables(List<Table> newTables) {
    return new DatabaseSchema(schema, folding, newTables);
  }

  /** How unquoted identifiers are stored: upper case (H2's default), lower case (PostgreSQL) or as written. */
  enum Folding {
    UPPER, LOWER, NONE
  }

  /** The table with exactly this stored name. */
  Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * One table or view.
   *
   * @param name       the stored name
   * @param remarks    the table comment, empty when none
   * @param columns    the readable columns, in ordinal order
   * @param allColumns whether every column is allowed (no column allow-list)
   * @param primaryKey the primary key columns, in key order; empty when none
   * @param foreignKeys the foreign keys to other tables
   */
  record Table(String name, String remarks, List<Column> columns, boolean allColumns, List<String> primaryKey,
      List<ForeignKey> foreignKeys) {
    Table {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(remarks, "remarks");
      columns = List.copyOf(columns);
      primaryKey = List.copyOf(primaryKey);
      foreignKeys = List.copyOf(foreignKeys);
    }

    Optional<Column> column(String columnName) {
      return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    Table withColumns(List<Column> newColumns) {
      return new Table(name, remarks, newColumns, allColumns, primaryKey, foreignKeys);
    }
  }

  /**
   * One column.
   *
   * @param name     the stored name
   * @param type     the database's type name, with its size where that helps ({@code VARCHAR(50)})
   * @param nullable whether the column may be NULL
   * @param remarks  the column comment, empty when none
   * @param text     whether it holds character data (the only columns sampled)
   * @param samples  distinct sample values, empty when sampling is off
   */
  record Column(String name, String type, boolean nullable, String remarks, boolean text, List<String> samples) {
    Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(remarks, "remarks");
      samples = List.copyOf(samples);
    }

    Column withSamples(List<String> values) {
      return new Column(name, type, nullable, remarks, text, values);
    }
  }

  /**
   * A foreign key from columns of the owning table to columns of {@code targetTable}.
   *
   * @param columns       the referencing columns, in key order
   * @param targetTable   the referenced table
   * @param targetColumns the referenced columns, in key order
   */
  record ForeignKey(List<String> columns, String targetTable, List<String> targetColumns) {
    ForeignKey {
      columns = List.copyOf(columns);
      Objects.requireNonNull(targetTable, "targetTable");
      targetColumns = List.copyOf(targetColumns);
    }
  }
}
