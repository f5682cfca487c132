package dev.quarry.agents.sql;

import java.util.Locale;
import java.util.Set;

/**
 * The database the checked SQL will run on. The dialect adds its own dangerous functions to the guard's
 * deny-list; both dialects accept the {@code LIMIT n} clause the guard writes.
 */
public enum SqlDialect {
  /** H2 2.x: file access, CSV import/export and linked tables are denied. */
  H2(Set.of("file_read", "file_write", "csvread", "csvwrite", "link_schema", "cancel_session",
      "abort_session", "set", "disk_space_used", "signal", "database_path", "readonly", "memory_free",
      "memory_used")),
  /** PostgreSQL: sleeps, server files, large objects, settings and backend control are denied. */
  POSTGRESQL(Set.of("pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_read_file", "pg_read_binary_file",
      "pg_ls_dir", "pg_stat_file", "pg_reload_conf", "pg_rotate_logfile", "pg_terminate_backend",
      "pg_cancel_backend", "pg_notify", "pg_switch_wal", "set_config", "current_setting", "nextval",
      "setval", "txid_current", "query_to_xml", "query_to_xml_and_xmlschema", "table_to_xml",
      "cursor_to_xml", "schema_to_xml", "database_to_xml", "pg_import_system_collations"));

  private final Set<String> deniedFunctions;

  SqlDialect(Set<String> deniedFunctions) {
    this.deniedFunctions = deniedFunctions;
  }

  Set<String> deniedFunctions() {
    return deniedFunctions;
  }

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
