package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.create.table.ColDataType;

/**
 * The types a query may cast to: numbers, text, booleans, dates, times and intervals (and arrays of them).
 * Everything else is refused: H2's {@code JAVA_OBJECT} and {@code OTHER} (a cast from bytes builds a Java
 * object that is deserialised when read), PostgreSQL's {@code reg*} types (catalog lookups by name),
 * {@code xml}, row and user-defined types; on H2 also {@code NUMERIC} and {@code DECIMAL}, whose conversion from
 * text cannot be interrupted. Type arguments must be numbers up to {@value #MAX_TYPE_ARGUMENT}
 * ({@code VARCHAR(20)}, {@code NUMERIC(10, 2)}), since {@code CHAR(n)} pads every value to {@code n}. Stateless.
 */
final class CastTypes {

  private static final Set<String> ALLOWED = Set.of("smallint", "integer", "int", "int2", "int4", "int8",
      "bigint", "tinyint", "decimal", "numeric", "real", "float", "float4", "float8", "double",
      "double precision", "varchar", "character varying", "char", "character", "text", "varchar_ignorecase",
      "boolean", "bool", "date", "time", "timestamp", "timestamptz", "timetz", "time with time zone",
      "time without time zone", "timestamp with time zone", "timestamp without time zone", "interval", "uuid",
      "string", "number");

  /** Largest length or precision a cast may give ({@code VARCHAR(1000)}, {@code NUMERIC(1000)}). */
  static final int MAX_TYPE_ARGUMENT = 1000;
  private static final Set<String> EXACT_NUMBERS = Set.of("decimal", "numeric", "number", "decfloat");

  private CastTypes() {
  }

  /** Throws {@link SqlRefusedException} unless {@code type} is allowed. */
  static void requireAllowed(ColDataType type, Object cast, SqlDialect dialect) {
    String name = type == null || type.getDataType() == null ? ""
        : type.getDataType().replaceAll("\\(\\s*\\d{1,9}\\s*(,\\s*\\d{1,9}\\s*)?\\)", " ").strip()
            .replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    if (!ALLOWED.contains(name) && !isInterval(name)) {
      throw new SqlRefusedException(SqlRefusalReason.TYPE_NOT_ALLOWED, "cast to type '" + (type == null
          ? "?" : type.getDataType()) + "' in '" + cast + "' is not allowed; cast to a number, text, boolean,"
          + " date, time or interval type");
    }
    if (dialect == SqlDialect.H2 && EXACT_NUMBERS.contains(name)) {
      throw new SqlRefusedException(SqlRefusalReason.TYPE_NOT_ALLOWED, "cast to '" + type.getDataType() + "' in '"
          + cast + "' is not allowed on H2, which turns text such as '1E+99999999' into a number by writing"
          + " out every digit; cast to DOUBLE PRECISION or an integer type");
    }
    List<String> arguments = new ArrayList<>(type.getArgumentsStringList() == null ? List.of()
        : type.getArgumentsStringList());
    var inName = Pattern.compile("\\(([^)]*)\\)").matcher(type.getDataType());
    while (inName.find()) {
      arguments.addAll(List.of(inName.group(1).split(",")));
    }
    if (!arguments.stream().allMatch(a -> a.strip().matches("\\d{1,4}") && Integer.parseInt(a.strip())
        <= MAX_TYPE_ARGUMENT) || type.getCharacterSet() != null) {
      throw new SqlRefusedException(SqlRefusalReason.TYPE_NOT_ALLOWED, "type '" + type + "' in '" + cast
          + "' may only have numbers up to " + MAX_TYPE_ARGUMENT + " as arguments (CHAR(n) pads every value to"
          + " n characters)");
    }
  }

  /** H2's interval types: {@code INTERVAL DAY}, {@code INTERVAL YEAR TO MONTH}, ... */
  private static boolean isInterval(String name) {
    return name.matches("interval (year|month|day|hour|minute|second)( to (month|hour|minute|second))?");
  }
}
