package dev.quarry.agents.sql;

import java.util.Locale;

/**
 * The database the checked SQL will run on: it chooses the guard's allow-list of functions, the prompt's
 * dialect notes and how a query is run read-only. Both dialects accept the {@code LIMIT n} clause the guard
 * writes.
 */
public enum SqlDialect {
  /** H2 2.x. */
  H2,
  /** PostgreSQL. */
  POSTGRESQL;

  /**
   * The dialect of a database from its JDBC product name.
   *
   * @throws IllegalArgumentException for a database that is neither H2 nor PostgreSQL
   */
  static SqlDialect detect(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (name.equals("h2")) {
      return H2;
    }
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("cannot tell the SQL dialect of database '" + productName
        + "'; set dialect(SqlDialect.H2) or dialect(SqlDialect.POSTGRESQL) if it is compatible");
  }
}
