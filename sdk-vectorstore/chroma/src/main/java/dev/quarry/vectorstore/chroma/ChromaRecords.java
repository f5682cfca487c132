package dev.quarry.vectorstore.chroma;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.vectorstore.server.internal.FilterTokens;
import dev.quarry.vectorstore.server.internal.RecordPayload;
import dev.quarry.vectorstore.server.internal.Utf16;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a chunk is kept in a Chroma record: its id and text as Chroma's id and document, and in the metadata
 *
 * <ul>
 *   <li>{@code quarry:record}: the {@link RecordPayload} (document id, offsets, exactly typed metadata);
 *   <li>the filter fields of {@link ChromaFilters}: a {@code true} per {@link FilterTokens equality token} and the
 *       numeric bounds of each key;
 *   <li>each scalar metadata value Chroma can hold under its own key, so that other Chroma clients see readable
 *       metadata (Quarry itself reads only the payload).
 * </ul>
 *
 * <p>Records that another client wrote, without the payload, read back with their scalar metadata, the id as
 * document id and offsets spanning the text.
 */
final class ChromaRecords {
  private ChromaRecords() {}

  /**
   * The Chroma metadata of {@code chunk}; fields of {@code previousFields} (the stored record's) that it does not
   * set are given as null, which removes them: Chroma's upsert merges metadata rather than replacing it.
   */
  static Map<String, Object> metadata(Chunk chunk, Collection<String> previousFields) {
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, Object> metadata = chunk.metadata().asMap();
    metadata.forEach((key, value) -> {
      if (readableKey(key) && readableValue(value)) {
        fields.put(key, value);
      }
    });
    FilterTokens.of(metadata).forEach(token -> fields.put(ChromaFilters.tokenField(token), Boolean.TRUE));
    FilterTokens.bounds(metadata).forEach((key, bounds) -> {
      fields.put(ChromaFilters.minField(key), bounds.min());
      fields.put(ChromaFilters.maxField(key), bounds.max());
    });
    fields.put(ChromaFilters.RECORD, RecordPayload.encode(chunk));
    for (String previous : previousFields) {
      fields.putIfAbsent(previous, null);
    }
    return fields;
  }

  /** The chunk a Chroma record holds. */
  static Chunk chunk(String id, JsonNode document, JsonNode metadata) {
    String text = document == null || document.isNull() ? "" : document.asText();
    JsonNode payload = metadata == null ? null : metadata.get(ChromaFilters.RECORD);
    if (payload == null || !payload.isTextual()) {
      return new Chunk(id, id, text, foreignMetadata(metadata), 0, text.length());
    }
    return RecordPayload.decode(id, text, payload.asText());
  }

  private static Metadata foreignMetadata(JsonNode metadata) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (metadata != null && metadata.isObject()) {
      metadata.properties().forEach(e -> {
        JsonNode v = e.getValue();
        if (e.getKey().startsWith(ChromaFilters.PREFIX) || v.isNull()) {
          return;
        }
        values.put(e.getKey(), v.isBoolean() ? v.asBoolean() : v.isIntegralNumber() ? v.asLong()
            : v.isNumber() ? v.asDouble() : v.asText());
      });
    }
    return Metadata.of(values);
  }

  /** Keys a Chroma client may read as they are: not Quarry's own and not those Chroma reserves. */
  private static boolean readableKey(String key) {
    return !key.startsWith(ChromaFilters.PREFIX) && !key.startsWith("#") && !key.startsWith("chroma:")
        && Utf16.wellFormed(key);
  }

  private static boolean readableValue(Object value) {
    return value instanceof Boolean || value instanceof Long
        || (value instanceof Double d && Double.isFinite(d))
        || (value instanceof String s && Utf16.wellFormed(s));
  }
}
