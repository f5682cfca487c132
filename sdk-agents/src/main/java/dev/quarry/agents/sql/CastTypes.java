package dev.quarry.agents.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.statement.create.table.ColDataType;

/**
 * The types a query may cast to: numbers, text, booleans, dates, times and intervals (and arrays of them).
 * Everything else is refused: H2's {@code JAVA_OBJECT} and {@code OTHER} (a cast from bytes builds a Java
 * object that is deserialised when read), PostgreSQL's {@code reg*} types (catalog lookups by name),
 * {@code xml}, row and user-defined types. Type arguments must be plain numbers
 * ({@code VARCHAR(20)}, {@code NUMERIC(10, 2)}). Stateless.
 */
final class CastTypes {

  private static final Set<String> ALLOWED = Set.of("smallint", "integer", "int", "int2", "int4", "int8",
      "bigint", "tinyint", "decimal", "numeric", "real", "float", "float4", "float8", "double",
      "double precision", "varchar", "character varying", "char", "character", "text", "varchar_ignorecase",
      "boolean", "bool", "date", "time", "timestamp", "timestamptz", "timetz", "time with time zone",
      "time without time zone", "timestamp with time zone", "timestamp without time zone", "interval", "uuid",
      "string", "number");

  private CastTypes() {
  }

  /** Throws {@link SqlRefusedException} unless {@code type} is allowed. */
  static void requireAllowed(ColDataType type, Object cast) {
    String name = type == null || type.getDataType() == null ? ""
        : type.getDataType().replaceAll("\\(\\s*\\d{1,9}\\s*(,\\s*\\d{1,9}\\s*)?\\)", " ").strip()
            .replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    if (!ALLOWED.contains(name) && !isInterval(name)) {
      throw new SqlRefusedException(SqlRefusalReason.TYPE_NOT_ALLOWED, "cast to type '" + (type == null
          ? "?" : type.getDataType()) + "' in '" + cast + "' is not allowed; cast to a number, text, boolean,"
          + " date, time or interval type");
    }
    List<String> arguments = type.getArgumentsStringList();
    if (arguments != null && !arguments.stream().allMatch(a -> a.strip().matches("\\d{1,9}"))
        || type.getCharacterSet() != null) {
      throw new SqlRefusedException(SqlRefusalReason.TYPE_NOT_ALLOWED, "type '" + type + "' in '" + cast
          + "' may only have numbers as arguments");
    }
  }

  /** H2's interval types: {@code INTERVAL DAY}, {@code INTERVAL YEAR TO MONTH}, ... */
  private static boolean isInterval(String name) {
    return name.matches("interval (year|month|day|hour|minute|second)( to (month|hour|minute|second))?");
  }
}
