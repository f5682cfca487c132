package dev.quarry.agents.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The functions a query may not call. Names are compared case-insensitively on their last part, so
 * {@code PG_CATALOG."PG_SLEEP"} is caught like {@code pg_sleep}. Immutable and thread-safe.
 */
final class DeniedFunctions {

  /**
   * Denied in every dialect: sleeps and busy loops, remote links, large objects, server files, sequence
   * functions ({@code nextval} and {@code setval} change a sequence even in a rolled-back transaction), and
   * functions that build one value of any size from a small query, which would fill the application's memory
   * before any timeout: {@code repeat('x', 100000000)} in a few rows, or an aggregate that strings rows
   * together ({@code string_agg}, {@code array_agg}, {@code LISTAGG}, {@code json_agg}, ...) over a cross
   * join, which built 279 million characters in 1.6 s on PostgreSQL. Rows, capped at {@code maxRows}, are
   * the bounded way to list things.
   */
  static final Set<String> COMMON = Set.of("sleep", "pg_sleep", "benchmark", "load_file", "pg_stat_file",
      "set_config", "pg_terminate_backend", "pg_cancel_backend", "file_read", "file_write", "csvread",
      "csvwrite", "link_schema", "nextval", "setval", "repeat", "space", "lpad", "rpad", "string_agg",
      "array_agg", "listagg", "group_concat", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg",
      "json_arrayagg", "json_objectagg", "xmlagg");

  /** Denied by prefix: dblink*, lo_* (large objects), pg_read_*, pg_ls_*, advisory locks, replication. */
  static final List<String> PREFIXES = List.of("dblink", "lo_", "pg_read_", "pg_ls_", "pg_advisory_",
      "pg_try_advisory_", "pg_logical_", "pg_replication_", "pg_create_", "pg_drop_", "pg_file_");

  private final Set<String> names;

  DeniedFunctions(SqlDialect dialect, Set<String> extra) {
    Set<String> all = new HashSet<>(COMMON);
    all.addAll(dialect.deniedFunctions());
    extra.forEach(name -> all.add(name.toLowerCase(Locale.ROOT)));
    this.names = Set.copyOf(all);
  }

  /** Whether the function with this (possibly qualified, possibly quoted) name is denied. */
  boolean isDenied(List<String> nameParts) {
    if (nameParts == null || nameParts.isEmpty()) {
      return false;
    }
    String last = Identifiers.unquote(nameParts.get(nameParts.size() - 1)).toLowerCase(Locale.ROOT);
    return names.contains(last) || PREFIXES.stream().anyMatch(last::startsWith);
  }
}
