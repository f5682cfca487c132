package dev.quarry.agents.sql;

import java.util.List;

/**
 * The columns and rows a query returned.
 *
 * @param columns   the column labels, in order
 * @param rows      the rows read, each in column order
 * @param truncated whether reading stopped at the row or size cap, so that more rows may exist
 */
record QueryRows(List<String> columns, List<List<Object>> rows, boolean truncated) {
  QueryRows {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
