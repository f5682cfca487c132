package dev.quarry.agents.sql;

import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;

/**
 * Caps the rows an accepted query returns, on its outermost level: adds {@code LIMIT maxRows} when there
 * is no limit, lowers a larger (or non-literal, {@code ALL}, {@code NULL}) {@code LIMIT} or
 * {@code FETCH FIRST} to {@code maxRows}, and keeps a smaller literal one. Mutates the given AST; holds
 * no state of its own, so one instance serves concurrent checks.
 */
final class RowLimiter {

  private final long maxRows;

  RowLimiter(long maxRows) {
    this.maxRows = maxRows;
  }

  void apply(Select select) {
    if (select instanceof Values) {
      throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
          "a bare VALUES list cannot be limited; wrap it in SELECT * FROM (VALUES ...) v");
    }
    Fetch fetch = select.getFetch();
    if (fetch != null) {
      if (fetch.getFetchParameters().stream().anyMatch(p -> p.equalsIgnoreCase("PERCENT"))
          || fetch.getFetchParameters().stream().anyMatch(p -> p.equalsIgnoreCase("TIES"))) {
        throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
            "FETCH FIRST ... PERCENT / WITH TIES cannot be bounded; use LIMIT n");
      }
      if (!isAtMost(fetch.getExpression())) {
        fetch.setExpression(new LongValue(maxRows));
      }
      if (select.getLimit() != null) {
        throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
            "both LIMIT and FETCH FIRST are given; use one");
      }
      return;
    }
    Limit limit = select.getLimit();
    if (limit == null) {
      select.setLimit(new Limit().withRowCount(new LongValue(maxRows)));
    } else if (!isAtMost(limit.getRowCount())) { // also LIMIT ALL and LIMIT NULL
      limit.setRowCount(new LongValue(maxRows));
    }
  }

  private boolean isAtMost(Object rowCount) {
    return rowCount instanceof LongValue value && value.getValue() >= 0 && value.getValue() <= maxRows;
  }
}
