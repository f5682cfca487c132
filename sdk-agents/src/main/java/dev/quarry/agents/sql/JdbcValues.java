package dev.quarry.agents.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Types;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads JDBC values as JSON-friendly Java values: null, Boolean, Integer, Long, BigInteger, BigDecimal,
 * finite Double, String (dates and times in ISO-8601, binary data in Base64, JSON and XML as text; a
 * PostgreSQL {@code timestamptz} as a UTC instant), or an unmodifiable List for SQL arrays of such values.
 *
 * <p>Each column is read by its declared JDBC type with the getter for that type, never with a generic
 * {@code getObject} on a type it does not know: values of object, Java-serialised, structured or unknown
 * types ({@code JAVA_OBJECT}, {@code OTHER} on H2, {@code STRUCT}, arrays of them, ...) are never
 * deserialised, and come back as a placeholder naming the type. (A Java object in H2 is deserialised in the
 * application by {@code getObject}: a gadget's {@code readObject} would run.) Text and binary values are cut
 * at {@link #MAX_LOB_CHARS} characters or bytes, whether the driver gives them as String and byte[] or as
 * large objects. Stateless.
 */
final class JdbcValues {

  /** The most characters (or bytes, before Base64) kept of one text or binary value. */
  static final int MAX_LOB_CHARS = 10_000;

  private static final Set<Integer> OPAQUE = Set.of(Types.JAVA_OBJECT, Types.STRUCT, Types.DISTINCT, Types.REF,
      Types.DATALINK, Types.ROWID, Types.REF_CURSOR);
  private static final Set<Integer> SCALAR_ARRAY_ELEMENTS = Set.of(Types.BIT, Types.BOOLEAN, Types.TINYINT,
      Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC, Types.REAL, Types.FLOAT,
      Types.DOUBLE, Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
      Types.LONGNVARCHAR, Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIME_WITH_TIMEZONE,
      Types.TIMESTAMP_WITH_TIMEZONE);

  private JdbcValues() {
  }

  /** Reads column {@code column} of the current row, whose JDBC type and type name are given. */
  static Object read(ResultSet rs, int column, int type, String typeName, SqlDialect dialect)
      throws SQLException {
    if (OPAQUE.contains(type) || dialect == SqlDialect.H2 && type == Types.OTHER && isH2Object(typeName)) {
      return placeholder(typeName);
    }
    Object value = switch (type) {
      case Types.BOOLEAN -> rs.getBoolean(column);
      case Types.BIT -> isBoolean(typeName) ? rs.getBoolean(column) : rs.getString(column); // PostgreSQL bit(n)
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> rs.getInt(column);
      case Types.BIGINT -> rs.getLong(column);
      case Types.DECIMAL, Types.NUMERIC -> rs.getBigDecimal(column);
      case Types.REAL, Types.FLOAT, Types.DOUBLE -> rs.getDouble(column);
      case Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIME_WITH_TIMEZONE, Types.TIMESTAMP_WITH_TIMEZONE ->
          rs.getObject(column); // java.sql and java.time values; drivers build them from the wire format
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> rs.getBytes(column);
      case Types.CLOB, Types.NCLOB -> rs.getClob(column);
      case Types.BLOB -> rs.getBlob(column);
      case Types.SQLXML -> rs.getSQLXML(column);
      case Types.ARRAY -> rs.getArray(column);
      default -> rs.getString(column); // text, and PostgreSQL's json, uuid, interval, enums: their text form
    };
    if (rs.wasNull()) {
      return null;
    }
    return convert(value, typeName);
  }

  private static boolean isBoolean(String typeName) {
    return typeName == null || typeName.toLowerCase(Locale.ROOT).startsWith("bool");
  }

  private static boolean isH2Object(String typeName) {
    String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
    return name.contains("JAVA_OBJECT") || name.contains("OTHER") || name.isEmpty();
  }

  private static String placeholder(String typeName) {
    return "(a value of type " + (typeName == null ? "unknown" : typeName) + ", not shown)";
  }

  static Object convert(Object value, String typeName) throws SQLException {
    return switch (value) {
      case null -> null;
      case String text -> cut(text);
      case Boolean b -> b;
      case Integer i -> i;
      case Long l -> l;
      case BigInteger b -> b;
      case BigDecimal d -> d;
      case Short s -> s.intValue();
      case Byte b -> b.intValue();
      case Double d -> Double.isFinite(d) ? d : Double.toString(d);
      case Float f -> Float.isFinite(f) ? (double) f : Float.toString(f);
      case java.sql.Timestamp timestamp -> isZoned(typeName)
          ? timestamp.toInstant().toString() // an instant: say so, in UTC
          : timestamp.toLocalDateTime().toString();
      case java.sql.Date date -> date.toLocalDate().toString();
      case java.sql.Time time -> time.toLocalTime().toString();
      case TemporalAccessor temporal -> temporal.toString();
      case byte[] bytes -> typeName != null && typeName.toUpperCase(Locale.ROOT).startsWith("JSON")
          ? cut(new String(bytes, StandardCharsets.UTF_8))
          : Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, Math.min(bytes.length, MAX_LOB_CHARS)));
      case Clob clob -> readClob(clob);
      case Blob blob -> readBlob(blob);
      case SQLXML xml -> readXml(xml);
      case Array array -> readArray(array);
      default -> placeholder(value.getClass().getSimpleName());
    };
  }

  private static boolean isZoned(String typeName) {
    String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    return type.contains("tz") || type.contains("time zone");
  }

  private static String cut(String text) {
    return text.length() > MAX_LOB_CHARS ? text.substring(0, MAX_LOB_CHARS) : text;
  }

  private static String readClob(Clob clob) throws SQLException {
    try {
      return clob.getSubString(1, (int) Math.min(clob.length(), MAX_LOB_CHARS));
    } finally {
      clob.free();
    }
  }

  private static String readBlob(Blob blob) throws SQLException {
    try {
      return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) Math.min(blob.length(), MAX_LOB_CHARS)));
    } finally {
      blob.free();
    }
  }

  private static String readXml(SQLXML xml) throws SQLException {
    try {
      return cut(xml.getString());
    } finally {
      xml.free();
    }
  }

  /** An array of scalars as a list; elements of any other type are never materialised. */
  private static Object readArray(Array array) throws SQLException {
    try {
      if (!SCALAR_ARRAY_ELEMENTS.contains(array.getBaseType())) {
        return placeholder("ARRAY of " + array.getBaseTypeName());
      }
      Object elements = array.getArray();
      if (!(elements instanceof Object[] objects)) {
        return placeholder("ARRAY of " + array.getBaseTypeName());
      }
      List<Object> list = new ArrayList<>(Math.min(objects.length, MAX_LOB_CHARS));
      for (int i = 0; i < objects.length && i < MAX_LOB_CHARS; i++) {
        list.add(convert(objects[i], null));
      }
      return Collections.unmodifiableList(list);
    } finally {
      array.free();
    }
  }
}
