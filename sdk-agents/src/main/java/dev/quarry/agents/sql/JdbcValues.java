package dev.quarry.agents.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Turns JDBC values into JSON-friendly Java values: null, Boolean, Integer, Long, BigInteger, BigDecimal,
 * finite Double, String (dates and times in ISO-8601, binary data in Base64, JSON and XML as text, anything
 * else through {@code toString()}; a PostgreSQL {@code timestamptz} as a UTC instant), or an unmodifiable
 * List for SQL arrays. Text and binary values are cut at {@link #MAX_LOB_CHARS} characters or bytes, whether
 * the driver gives them as String and byte[] (PostgreSQL {@code text}, {@code bytea}) or as large objects
 * (read while the result set is open). Stateless.
 */
final class JdbcValues {

  /** The most characters (or bytes, before Base64) kept of one text or binary value. */
  static final int MAX_LOB_CHARS = 10_000;

  private JdbcValues() {
  }

  static Object convert(Object value, String typeName) throws SQLException {
    if (value instanceof String text) {
      return text.length() > MAX_LOB_CHARS ? text.substring(0, MAX_LOB_CHARS) : text;
    }
    if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? d : Double.toString(d);
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
      return type.contains("tz") || type.contains("time zone")
          ? timestamp.toInstant().toString() // an instant: say so, in UTC
          : timestamp.toLocalDateTime().toString();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime().toString();
    }
    if (value instanceof TemporalAccessor || value instanceof java.util.UUID || value instanceof Character) {
      return value.toString();
    }
    if (value instanceof byte[] bytes) {
      return typeName != null && typeName.toUpperCase(Locale.ROOT).startsWith("JSON")
          ? convert(new String(bytes, StandardCharsets.UTF_8), null)
          : Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, Math.min(bytes.length, MAX_LOB_CHARS)));
    }
    if (value instanceof Clob clob) {
      try {
        return clob.getSubString(1, (int) Math.min(clob.length(), MAX_LOB_CHARS));
      } finally {
        clob.free();
      }
    }
    if (value instanceof Blob blob) {
      try {
        byte[] bytes = blob.getBytes(1, (int) Math.min(blob.length(), MAX_LOB_CHARS));
        return Base64.getEncoder().encodeToString(bytes);
      } finally {
        blob.free();
      }
    }
    if (value instanceof SQLXML xml) {
      try {
        return convert(xml.getString(), null);
      } finally {
        xml.free();
      }
    }
    if (value instanceof Array array) {
      try {
        Object elements = array.getArray();
        if (elements instanceof Object[] objects) {
          List<Object> list = new ArrayList<>(objects.length);
          for (Object element : objects) {
            list.add(convert(element, null));
          }
          return Collections.unmodifiableList(list);
        }
        return convert(String.valueOf(elements), null);
      } finally {
        array.free();
      }
    }
    return convert(value.toString(), null);
  }
}
