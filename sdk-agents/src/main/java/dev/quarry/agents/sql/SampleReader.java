package dev.quarry.agents.sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds distinct sample values of the allow-listed text columns to a schema, for the prompt. The values are
 * taken from the first {@link #SCANNED_ROWS} non-null values the database reads, so that a huge table costs
 * no more than a small one (rare values may be missed). Every sample query runs through the
 * {@link ReadOnlyQueryRunner} (read-only transaction, timeout, rollback), one per column; a column whose
 * query fails (a timeout, say) keeps no samples and is logged. Values are cut to
 * {@link #MAX_SAMPLE_CHARS}. Stateless.
 */
final class SampleReader {
  private static final Logger LOG = LoggerFactory.getLogger(SampleReader.class);

  /** Longest sample value kept. */
  static final int MAX_SAMPLE_CHARS = 50;
  /** Most rows read per column to find the samples. */
  static final int SCANNED_ROWS = 10_000;

  private SampleReader() {
  }

  static DatabaseSchema withSamples(DatabaseSchema schema, ReadOnlyQueryRunner runner, int perColumn)
      throws SQLException, ReadOnlyQueryRunner.SetupException {
    List<DatabaseSchema.Table> tables = new ArrayList<>();
    for (DatabaseSchema.Table table : schema.tables()) {
      List<DatabaseSchema.Column> columns = new ArrayList<>();
      for (DatabaseSchema.Column column : table.columns()) {
        columns.add(column.text() ? column.withSamples(sample(runner, schema.schema(), table.name(),
            column.name(), perColumn)) : column);
      }
      tables.add(table.withColumns(columns));
    }
    return schema.withTables(tables);
  }

  private static List<String> sample(ReadOnlyQueryRunner runner, String schema, String table,
      String column, int limit) throws SQLException, ReadOnlyQueryRunner.SetupException {
    String name = ReadOnlyQueryRunner.quote(column);
    String sql = "SELECT DISTINCT " + name + " FROM (SELECT " + name + " FROM "
        + ReadOnlyQueryRunner.quote(schema) + "." + ReadOnlyQueryRunner.quote(table) + " WHERE " + name
        + " IS NOT NULL LIMIT " + SCANNED_ROWS + ") scanned ORDER BY " + name + " LIMIT " + limit;
    try {
      return runner.query(sql, limit).rows().stream()
          .map(row -> SqlPrompts.cut(String.valueOf(row.get(0)).replaceAll("\\s+", " "), MAX_SAMPLE_CHARS))
          .toList();
    } catch (SQLException e) {
      if (ReadOnlyQueryRunner.isConnectionFailure(e)) {
        throw e;
      }
      LOG.info("no sample values for {}.{}: {}", table, column, e.getMessage());
      return List.of();
    }
  }
}
