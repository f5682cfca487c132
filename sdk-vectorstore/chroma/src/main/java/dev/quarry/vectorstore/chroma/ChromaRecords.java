package dev.quarry.vectorstore.chroma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a chunk is kept in a Chroma record: its id and text as Chroma's id and document, and in the metadata
 *
 * <ul>
 *   <li>{@link ChromaFields#RECORD}: the document id, the offsets and the metadata with their exact types (a long
 *       stays a long, {@code -0.0} and infinities stay what they are, lists and any string survive), as ASCII JSON
 *       (non-ASCII characters escaped, so unpaired surrogates pass through the server's UTF-8);
 *   <li>the fields of {@link ChromaFields} that filters select on;
 *   <li>each scalar metadata value Chroma can hold under its own key, so that other Chroma clients see readable
 *       metadata (Quarry itself reads only the record field).
 * </ul>
 *
 * <p>Records that another client wrote, without the record field, read back with their scalar metadata, the id as
 * document id and offsets spanning the text.
 */
final class ChromaRecords {
  private static final ObjectMapper RECORD_JSON =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private ChromaRecords() {}

  /**
   * The Chroma metadata of {@code chunk}; keys of {@code previousKeys} (the stored record's fields) that it does not
   * set are given as null, which removes them: Chroma's upsert merges metadata rather than replacing it.
   */
  static Map<String, Object> metadata(Chunk chunk, Collection<String> previousKeys) {
    Map<String, Object> fields = new LinkedHashMap<>();
    // Pairs rather than an object: JSON parsers refuse field names with unpaired surrogates, not string values.
    ArrayNode typed = RECORD_JSON.createArrayNode();
    chunk.metadata().asMap().forEach((key, value) -> {
      typed.addArray().add(key).add(typedValue(value));
      List<?> elements = value instanceof List<?> list ? list : List.of(value);
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Object element : elements) {
        ChromaFields.stored(key, element).forEach(field -> fields.put(field, Boolean.TRUE));
        if (element instanceof Number n) {
          min = Math.min(min, ChromaFields.clamped(n));
          max = Math.max(max, ChromaFields.clamped(n));
        }
      }
      if (min <= max) {
        fields.put(ChromaFields.min(key), min);
        fields.put(ChromaFields.max(key), max);
      }
      if (readableKey(key) && readableValue(value)) {
        fields.put(key, value);
      }
    });
    ObjectNode record = RECORD_JSON.createObjectNode();
    record.put("documentId", chunk.documentId());
    record.put("start", chunk.startOffset());
    record.put("end", chunk.endOffset());
    record.set("metadata", typed);
    try {
      fields.put(ChromaFields.RECORD, RECORD_JSON.writeValueAsString(record));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the record of chunk '" + chunk.id() + "'", e);
    }
    for (String previous : previousKeys) {
      fields.putIfAbsent(previous, null);
    }
    return fields;
  }

  /** The chunk a Chroma record holds. */
  static Chunk chunk(String id, JsonNode document, JsonNode metadata) {
    String text = document == null || document.isNull() ? "" : document.asText();
    JsonNode record = metadata == null ? null : metadata.get(ChromaFields.RECORD);
    if (record == null || !record.isTextual()) {
      return new Chunk(id, id, text, foreignMetadata(metadata), 0, text.length());
    }
    try {
      JsonNode fields = RECORD_JSON.readTree(record.asText());
      Map<String, Object> values = new LinkedHashMap<>();
      fields.get("metadata").forEach(pair -> values.put(pair.get(0).asText(), value(pair.get(1))));
      return new Chunk(id, fields.get("documentId").asText(), text, Metadata.of(values), fields.get("start").asInt(),
          fields.get("end").asInt());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new NonRetriableException("the Quarry record field of Chroma record '" + id + "' is damaged: " + e, e);
    }
  }

  private static Metadata foreignMetadata(JsonNode metadata) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (metadata != null && metadata.isObject()) {
      metadata.properties().forEach(e -> {
        JsonNode v = e.getValue();
        if (e.getKey().startsWith(ChromaFields.PREFIX) || v.isNull()) {
          return;
        }
        values.put(e.getKey(), v.isBoolean() ? v.asBoolean() : v.isIntegralNumber() ? v.asLong()
            : v.isNumber() ? v.asDouble() : v.asText());
      });
    }
    return Metadata.of(values);
  }

  private static JsonNode typedValue(Object value) {
    if (value instanceof List<?> list) {
      ArrayNode array = RECORD_JSON.createArrayNode();
      list.forEach(element -> array.add(typedScalar(element)));
      return array;
    }
    return RECORD_JSON.getNodeFactory().textNode(typedScalar(value));
  }

  private static String typedScalar(Object value) {
    return switch (value) {
      case String s -> "s" + s;
      case Long l -> "l" + l;
      case Double d -> "d" + d;
      case Boolean b -> "b" + b;
      default -> throw new IllegalArgumentException("not a metadata scalar: " + value);
    };
  }

  private static Object value(JsonNode node) {
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(element -> list.add(scalar(element.asText())));
      return list;
    }
    return scalar(node.asText());
  }

  private static Object scalar(String typed) {
    String body = typed.substring(1);
    return switch (typed.charAt(0)) {
      case 's' -> body;
      case 'l' -> Long.parseLong(body);
      case 'd' -> Double.parseDouble(body);
      case 'b' -> Boolean.parseBoolean(body);
      default -> throw new IllegalArgumentException("unknown type tag in '" + typed + "'");
    };
  }

  /** Keys a Chroma client may read as they are: not Quarry's own and not those Chroma reserves. */
  private static boolean readableKey(String key) {
    return !key.startsWith(ChromaFields.PREFIX) && !key.startsWith("#") && !key.startsWith("chroma:")
        && ChromaStrings.wellFormed(key);
  }

  private static boolean readableValue(Object value) {
    return value instanceof Boolean || value instanceof Long
        || (value instanceof Double d && Double.isFinite(d))
        || (value instanceof String s && ChromaStrings.wellFormed(s));
  }
}
