package dev.quarry.vectorstore.pgvector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.api.document.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a chunk's {@link Metadata} is kept in the {@code metadata jsonb} column: typed, so it reads back exactly and
 * filters compare as {@code Filter.matches} does. Each key maps to {@code {"list": bool, "values": [entry...]}}
 * (a scalar is a one-entry list with {@code list} false), and each entry is one of
 *
 * <ul>
 *   <li>{@code {"t":"s","h":"<UTF-16 code units, 4 hex digits each>","s":"<the string>"}}: {@code h} is exact for any
 *       Java string (NUL and unpaired surrogates, which PostgreSQL text cannot hold, included) and orders in the
 *       C collation as {@link String#compareTo} does; {@code s} is there for people reading the table, when
 *       PostgreSQL can hold it;
 *   <li>{@code {"t":"l","l":"<the long>","d":"<(double) the long>"}}: {@code l} compares exactly as numeric, {@code
 *       d} as float8 against a decimal, as {@code Filter} compares a whole number with a decimal;
 *   <li>{@code {"t":"d","d":"<Double.toString>"}}: float8 reads it back exactly, infinities included (which jsonb
 *       numbers cannot hold);
 *   <li>{@code {"t":"b","b":true|false}}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class PgMetadata {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PgMetadata() {}

  /** The column value for {@code metadata}, as JSON text. */
  static String encode(Metadata metadata) {
    ObjectNode root = NODES.objectNode();
    for (Map.Entry<String, Object> e : metadata.asMap().entrySet()) {
      ObjectNode field = root.putObject(e.getKey());
      ArrayNode values = field.putArray("values");
      if (e.getValue() instanceof List<?> list) {
        field.put("list", true);
        list.forEach(v -> values.add(entry(v)));
      } else {
        field.put("list", false);
        values.add(entry(e.getValue()));
      }
    }
    return root.toString();
  }

  /** The metadata a column value holds. */
  static Metadata decode(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      Map<String, Object> values = new LinkedHashMap<>();
      root.properties().forEach(e -> {
        List<Object> decoded = new ArrayList<>();
        e.getValue().get("values").forEach(v -> decoded.add(value(v)));
        values.put(e.getKey(), e.getValue().get("list").asBoolean() ? decoded : decoded.getFirst());
      });
      return Metadata.of(values);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("a metadata column value Quarry did not write: " + abbreviate(json), e);
    }
  }

  /** {@code text} as 4 hex digits per UTF-16 code unit. */
  static String hex(String text) {
    StringBuilder out = new StringBuilder(text.length() * 4);
    for (int i = 0; i < text.length(); i++) {
      String digits = Integer.toHexString(text.charAt(i));
      out.append("0".repeat(4 - digits.length())).append(digits);
    }
    return out.toString();
  }

  /** Whether PostgreSQL text can hold {@code text}: no NUL, no unpaired surrogate. */
  static boolean storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode entry(Object value) {
    ObjectNode entry = NODES.objectNode();
    switch (value) {
      case String s -> {
        entry.put("t", "s").put("h", hex(s));
        if (storable(s)) {
          entry.put("s", s);
        }
      }
      case Long l -> entry.put("t", "l").put("l", l.toString()).put("d", Double.toString(l.doubleValue()));
      case Double d -> entry.put("t", "d").put("d", d.toString());
      case Boolean b -> entry.put("t", "b").put("b", b);
      default -> throw new IllegalStateException("not a normalised metadata value: " + value.getClass());
    }
    return entry;
  }

  private static Object value(JsonNode entry) {
    return switch (entry.get("t").asText()) {
      case "s" -> unhex(entry.get("h").asText());
      case "l" -> Long.parseLong(entry.get("l").asText());
      case "d" -> Double.parseDouble(entry.get("d").asText());
      case "b" -> entry.get("b").asBoolean();
      default -> throw new IllegalStateException("unknown metadata entry type " + entry.get("t"));
    };
  }

  private static String unhex(String hex) {
    StringBuilder out = new StringBuilder(hex.length() / 4);
    for (int i = 0; i < hex.length(); i += 4) {
      out.append((char) Integer.parseInt(hex, i, i + 4, 16));
    }
    return out.toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
