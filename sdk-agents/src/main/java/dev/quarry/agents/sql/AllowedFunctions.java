package dev.quarry.agents.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The functions a query may call, per dialect: built-in scalar, aggregate and window functions that do
 * nothing but compute over their arguments, each with the rule for how large its result can be. Everything
 * else is refused by name: functions that read files, run SQL given as text ({@code ts_stat},
 * {@code query_to_xml}), touch server state ({@code pg_current_xact_id}, {@code pg_stat_reset}), sleep, or
 * build one value of unbounded size ({@code repeat}, {@code lpad}, {@code replace}, {@code string_agg},
 * {@code array_agg}, {@code LISTAGG}, {@code HISTOGRAM}, {@code range_agg}, ...), and functions whose run time
 * a timeout cannot bound in-process on H2 ({@code HASH} with an iteration count, {@code REGEXP_*}). A list of
 * allowed names cannot lag behind a server release the way a list of denied ones does. Names are compared
 * case-insensitively and must be written unqualified and unquoted. Immutable and thread-safe.
 */
final class AllowedFunctions {

  /** How large a function's result can be, given its arguments. */
  enum Result {
    /** A value of bounded size (a number, date, hash, formatted date), counted as one stored value. */
    BOUNDED,
    /** At most as large as its largest argument ({@code upper}, {@code coalesce}, {@code max}, ...). */
    LARGEST_ARGUMENT,
    /** As large as its arguments together ({@code concat}). */
    CONCATENATION,
    /** As large as its arguments together, the first once between every two others ({@code concat_ws}). */
    SEPARATED_CONCATENATION
  }

  private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "bool_and",
      "bool_or", "every", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "corr",
      "covar_pop", "covar_samp", "regr_avgx", "regr_avgy", "regr_count", "regr_intercept", "regr_r2",
      "regr_slope", "regr_sxx", "regr_sxy", "regr_syy", "percentile_cont", "percentile_disc", "mode");
  private static final Set<String> WINDOW = Set.of("row_number", "rank", "dense_rank", "percent_rank",
      "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value");
  private static final Set<String> MATH = Set.of("abs", "ceil", "ceiling", "floor", "round", "trunc", "sign",
      "mod", "power", "sqrt", "exp", "ln", "log", "log10", "pi", "degrees", "radians", "sin", "cos", "tan",
      "asin", "acos", "atan", "atan2", "random");
  private static final Set<String> LARGEST = Set.of("min", "max", "mode", "percentile_disc", "lag", "lead",
      "first_value", "last_value", "nth_value", "coalesce", "nullif", "greatest", "least", "lower", "upper",
      "initcap", "trim", "ltrim", "rtrim", "btrim", "substring", "substr", "left", "right", "translate",
      "to_char", "reverse", "split_part", "ifnull", "lcase", "ucase", "formatdatetime");
  private static final Set<String> CONCATENATING = Set.of("concat");
  private static final Set<String> COMMON_SCALARS = Set.of("coalesce", "nullif", "greatest", "least",
      "length", "char_length", "character_length", "octet_length", "bit_length", "lower", "upper", "trim",
      "ltrim", "rtrim", "btrim", "substring", "substr", "left", "right", "position", "ascii", "chr", "concat",
      "concat_ws", "translate", "initcap", "to_char", "to_date", "to_timestamp", "date_trunc", "now", "extract");

  private static final Set<String> POSTGRESQL = union(AGGREGATES, WINDOW, MATH, COMMON_SCALARS, Set.of(
      "cbrt", "div", "width_bucket", "gcd", "lcm", "scale", "strpos", "split_part", "reverse", "starts_with",
      "md5", "to_number", "date_part", "age", "make_date", "make_time", "make_timestamp", "make_interval",
      "justify_days", "justify_hours", "justify_interval", "date_bin", "clock_timestamp",
      "statement_timestamp", "transaction_timestamp", "isfinite", "bit_and", "bit_or", "generate_series"));
  private static final Set<String> H2 = union(AGGREGATES, WINDOW, MATH, COMMON_SCALARS, Set.of("median",
      "any", "some", "truncate", "rand", "lcase", "ucase", "locate", "char", "soundex", "difference", "ifnull",
      "year", "month", "day", "day_of_month", "day_of_week", "day_of_year", "dayofmonth", "dayofweek",
      "dayofyear", "iso_day_of_week", "iso_week", "iso_year", "week", "quarter", "hour", "minute", "second",
      "dateadd", "datediff", "timestampadd", "timestampdiff", "dayname", "monthname", "last_day",
      "formatdatetime", "parsedatetime", "bit_and_agg", "bit_or_agg", "system_range"));

  private final Map<String, Result> allowed;

  private AllowedFunctions(Map<String, Result> allowed) {
    this.allowed = Map.copyOf(allowed);
  }

  /**
   * The dialect's functions, plus {@code extra} (treated as concatenating, the most cautious rule), minus
   * {@code denied}.
   */
  static AllowedFunctions of(SqlDialect dialect, Set<String> extra, Set<String> denied) {
    Map<String, Result> allowed = new HashMap<>();
    for (String name : dialect == SqlDialect.POSTGRESQL ? POSTGRESQL : H2) {
      allowed.put(name, rule(name));
    }
    extra.forEach(name -> allowed.put(name.toLowerCase(Locale.ROOT), Result.CONCATENATION));
    denied.forEach(name -> allowed.remove(name.toLowerCase(Locale.ROOT)));
    return new AllowedFunctions(allowed);
  }

  /**
   * {@code name} stripped, when it is a plain unquoted function name.
   *
   * @throws IllegalArgumentException otherwise
   */
  static String plainName(String name) {
    if (name == null || !name.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("function name must be a plain unquoted name, got '" + name + "'");
    }
    return name.strip();
  }

  /**
   * The result rule of the function with these name parts (as written, possibly quoted); empty when it may
   * not be called.
   */
  Optional<Result> lookup(List<String> nameParts) {
    if (nameParts == null || nameParts.size() != 1 || Identifiers.isQuoted(nameParts.get(0))) {
      return Optional.empty();
    }
    return Optional.ofNullable(allowed.get(nameParts.get(0).toLowerCase(Locale.ROOT)));
  }

  private static Result rule(String name) {
    if (CONCATENATING.contains(name)) {
      return Result.CONCATENATION;
    }
    if (name.equals("concat_ws")) {
      return Result.SEPARATED_CONCATENATION;
    }
    return LARGEST.contains(name) ? Result.LARGEST_ARGUMENT : Result.BOUNDED;
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
  }
}
