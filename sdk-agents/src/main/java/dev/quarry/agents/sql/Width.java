package dev.quarry.agents.sql;

/**
 * How large a value an expression can build, counted in stored values: a column read from a table is one, a
 * literal or a number is none, {@code a || b} is the sum of its parts, {@code upper(a)} is as large as
 * {@code a}. The guard refuses an expression wider than {@link #MAX_COPIES}, so a chain of CTEs that doubles
 * a string at each level cannot build gigabytes from a few bytes. {@code recursive} marks a value that
 * depends on the row before it in a recursive CTE: such a value may not grow at all, or it would grow with
 * every step. Immutable.
 *
 * @param copies    how many stored values the result may hold, at most
 * @param recursive whether it depends on a recursive CTE's own previous row
 */
record Width(int copies, boolean recursive) {

  /** The most stored values one expression may combine. */
  static final int MAX_COPIES = 16;

  /** A value of bounded size: a literal, a number, a date, a count. */
  static final Width NONE = new Width(0, false);
  /** One stored value. */
  static final Width ONE = new Width(1, false);

  /** The larger of two widths: what an expression that returns one of its arguments can build. */
  Width max(Width other) {
    return new Width(Math.max(copies, other.copies), recursive || other.recursive);
  }

  /**
   * What concatenating the parts builds ({@code a || b}, {@code concat(a, b)}, {@code ARRAY[a, b]}).
   *
   * @throws SqlRefusedException when the result may hold more than {@link #MAX_COPIES} stored values, or
   *     grows a value of a recursive CTE's previous row
   */
  static Width concatenation(java.util.List<Width> parts, Object expression) {
    int copies = 0;
    boolean recursive = false;
    for (Width part : parts) {
      copies = (int) Math.min(Integer.MAX_VALUE, (long) copies + part.copies);
      recursive |= part.recursive;
    }
    if (recursive && parts.size() > 1) {
      throw new SqlRefusedException(SqlRefusalReason.VALUE_TOO_LARGE, "'" + expression
          + "' adds to a value of the recursive query's previous row, so it grows at every step");
    }
    if (copies > MAX_COPIES) {
      throw new SqlRefusedException(SqlRefusalReason.VALUE_TOO_LARGE, "'" + cut(expression)
          + "' may build a value of " + copies + " stored values (at most " + MAX_COPIES + ")");
    }
    return new Width(copies, recursive);
  }

  private static String cut(Object expression) {
    String text = String.valueOf(expression);
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }

  /** This width marked as coming from a recursive CTE's previous row. */
  Width fromRecursion() {
    return new Width(copies, true);
  }
}
