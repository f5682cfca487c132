package dev.quarry.vectorstore.server.internal;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk's document id, offsets and metadata as one string that any server keeps as it is: JSON in ASCII
 * (non-ASCII characters escaped, so an unpaired surrogate passes through UTF-8), with every metadata value tagged by
 * its type, so a long stays a long, {@code -0.0} and infinities stay what they are, and lists and any string
 * survive. The id and text travel in the server's own fields.
 */
public final class RecordPayload {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private RecordPayload() {}

  /** The payload of {@code chunk}. */
  public static String encode(Chunk chunk) {
    // Pairs rather than an object: JSON parsers refuse field names with unpaired surrogates, not string values.
    ArrayNode metadata = JSON.createArrayNode();
    chunk.metadata().asMap().forEach((key, value) -> metadata.addArray().add(key).add(typed(value)));
    ObjectNode record = JSON.createObjectNode();
    record.put("documentId", chunk.documentId());
    record.put("start", chunk.startOffset());
    record.put("end", chunk.endOffset());
    record.set("metadata", metadata);
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the payload of chunk '" + chunk.id() + "'", e);
    }
  }

  /**
   * The chunk with {@code id} and {@code text} whose other parts {@code payload} holds.
   *
   * @throws NonRetriableException if the payload is not one {@link #encode} wrote
   */
  public static Chunk decode(String id, String text, String payload) {
    try {
      JsonNode record = JSON.readTree(payload);
      Map<String, Object> values = new LinkedHashMap<>();
      record.get("metadata").forEach(pair -> values.put(pair.get(0).asText(), value(pair.get(1))));
      return new Chunk(id, record.get("documentId").asText(), text, Metadata.of(values), record.get("start").asInt(),
          record.get("end").asInt());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new NonRetriableException("the Quarry payload of record '" + id + "' is damaged: " + e, e);
    }
  }

  private static JsonNode typed(Object value) {
    if (value instanceof List<?> list) {
      ArrayNode array = JSON.createArrayNode();
      list.forEach(element -> array.add(typedScalar(element)));
      return array;
    }
    return JSON.getNodeFactory().textNode(typedScalar(value));
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
}
