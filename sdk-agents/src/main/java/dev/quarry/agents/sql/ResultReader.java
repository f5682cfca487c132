package dev.quarry.agents.sql;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a result set row by row into {@link QueryRows}, stopping at {@code maxRows} rows or when the values
 * read so far reach {@code maxBytes} (text counted in UTF-8 bytes, other values by the length of their
 * text), measured while reading so that a wide result never piles up in memory. Values come through
 * {@link JdbcValues}. Stateless.
 */
final class ResultReader {

  private ResultReader() {
  }

  static QueryRows read(ResultSet rs, int maxRows, long maxBytes, SqlDialect dialect) throws SQLException {
    ResultSetMetaData metaData = rs.getMetaData();
    int count = metaData.getColumnCount();
    List<String> columns = new ArrayList<>(count);
    int[] types = new int[count];
    String[] typeNames = new String[count];
    long bytes = 0;
    for (int i = 1; i <= count; i++) {
      columns.add(metaData.getColumnLabel(i));
      types[i - 1] = metaData.getColumnType(i);
      typeNames[i - 1] = metaData.getColumnTypeName(i);
      bytes += size(columns.get(i - 1));
    }
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated = false;
    while (true) {
      if (rows.size() >= maxRows) {
        truncated = true; // the query's LIMIT is maxRows too: more rows may exist
        break;
      }
      if (bytes >= maxBytes) {
        truncated = rs.next(); // a row that exists was left out
        break;
      }
      if (!rs.next()) {
        break;
      }
      List<Object> row = new ArrayList<>(count);
      for (int i = 1; i <= count && bytes < maxBytes; i++) {
        Object value = JdbcValues.read(rs, i, types[i - 1], typeNames[i - 1], dialect);
        bytes += size(value);
        row.add(value);
      }
      if (row.size() < count) { // the cap was reached inside this row: leave the row out
        truncated = true;
        break;
      }
      rows.add(Collections.unmodifiableList(row));
    }
    return new QueryRows(columns, rows, truncated);
  }

  private static long size(Object value) {
    if (value == null) {
      return 4;
    }
    if (value instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8).length;
    }
    if (value instanceof List<?> list) {
      return list.stream().mapToLong(ResultReader::size).sum() + 2;
    }
    return String.valueOf(value).length();
  }
}
