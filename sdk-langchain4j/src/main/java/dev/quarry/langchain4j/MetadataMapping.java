package dev.quarry.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.document.Metadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts metadata between the libraries. LangChain4j keeps strings, UUIDs and numbers; Quarry keeps strings,
 * whole numbers, decimals, booleans and lists of these.
 *
 * <ul>
 *   <li>LangChain4j to Quarry is lossless but for the type of two kinds: a UUID becomes its string, an {@code int}
 *       a {@code long} and a {@code float} a {@code double} (Quarry's normal forms, which its filters compare by
 *       value, so {@code 3} still equals {@code 3.0}).
 *   <li>Quarry to LangChain4j: strings and numbers are kept; a boolean becomes the string {@code "true"} or
 *       {@code "false"} and a list becomes its JSON array text ({@code ["a","b"]}), since LangChain4j metadata
 *       has no place for either. Nothing is dropped.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class MetadataMapping {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MetadataMapping() {}

  static Metadata toQuarry(dev.langchain4j.data.document.Metadata metadata) {
    if (metadata == null) {
      return Metadata.empty();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    metadata.toMap().forEach((key, value) -> values.put(key, value instanceof UUID uuid ? uuid.toString() : value));
    return Metadata.of(values);
  }

  static dev.langchain4j.data.document.Metadata toLangChain4j(Metadata metadata) {
    Map<String, Object> values = new LinkedHashMap<>();
    metadata.asMap().forEach((key, value) -> values.put(key, toLangChain4jValue(value)));
    return new dev.langchain4j.data.document.Metadata(values);
  }

  private static Object toLangChain4jValue(Object value) {
    return switch (value) {
      case Boolean b -> b.toString();
      case List<?> list -> json(list);
      default -> value; // String, Long, Double: LangChain4j keeps them as they are
    };
  }

  private static String json(List<?> list) {
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of metadata scalars could not be written as JSON", e);
    }
  }
}
