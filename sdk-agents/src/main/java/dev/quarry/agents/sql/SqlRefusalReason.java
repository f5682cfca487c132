package dev.quarry.agents.sql;

/**
 * Why {@link SqlGuard} refused a statement. The codes are stable so that an agent loop can tell the model
 * what to fix (for example "qualify your columns") without parsing the human-readable message.
 */
public enum SqlRefusalReason {
  /** The text could not be parsed as SQL. */
  UNPARSEABLE,
  /** Zero statements, or several statements (for example hidden after a semicolon or a comment). */
  NOT_ONE_STATEMENT,
  /** A statement other than a query: DDL, DML, COPY, SET, CALL, ... */
  NOT_A_SELECT,
  /** A data-modifying common table expression (INSERT, UPDATE or DELETE inside WITH). */
  WRITES_DATA,
  /** {@code SELECT ... INTO}, which creates a table. */
  SELECT_INTO,
  /** {@code FOR UPDATE}, {@code FOR SHARE} and similar row locks. */
  LOCKING_CLAUSE,
  /** A table, view or schema that is not on the allow-list (system catalogs included). */
  TABLE_NOT_ALLOWED,
  /** A column outside the table's column allow-list, or {@code *} over such a table. */
  COLUMN_NOT_ALLOWED,
  /**
   * A function that is not on the dialect's allow-list of functions that only compute over their arguments
   * (such as {@code pg_sleep}, {@code set_config} or a user-defined function), or one denied explicitly.
   */
  FUNCTION_DENIED,
  /** A cast to a type outside the allow-list ({@code JAVA_OBJECT}, {@code regclass}, {@code xml}, ...). */
  TYPE_NOT_ALLOWED,
  /**
   * An expression that may build a value far larger than the stored ones: concatenations that double a
   * string through CTEs, or a value that grows at every step of a recursive query.
   */
  VALUE_TOO_LARGE,
  /** More tables joined without a join condition (comma or CROSS JOIN) than the guard allows. */
  TOO_MANY_CROSS_JOINS,
  /** A construct the guard does not understand; refused rather than ignored. */
  UNSUPPORTED_CONSTRUCT
}
