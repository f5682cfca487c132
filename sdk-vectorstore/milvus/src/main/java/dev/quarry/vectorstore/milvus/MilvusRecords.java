package dev.quarry.vectorstore.milvus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.server.internal.FilterTokens;
import dev.quarry.vectorstore.server.internal.RecordPayload;
import dev.quarry.vectorstore.server.internal.Utf16;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How a chunk is kept in a Milvus entity. The collection's fields:
 *
 * <ul>
 *   <li>{@code id}: {@code VARCHAR}, the primary key, the chunk's id;
 *   <li>{@code vector}: {@code FLOAT_VECTOR}, the vector as the store keeps it ({@code Metric.prepare}: unit length
 *       under cosine);
 *   <li>{@code text}: {@code VARCHAR}, the chunk's text;
 *   <li>{@code quarry_record}: {@code VARCHAR}, the {@link RecordPayload} (document id, offsets, exactly typed
 *       metadata as ASCII JSON);
 *   <li>{@code quarry_eq}: {@code ARRAY<VARCHAR>}, the record's {@link FilterTokens equality tokens};
 *   <li>{@code quarry_min} and {@code quarry_max}: {@code JSON} objects from {@link FilterTokens#numericKey} to the
 *       smallest and largest number the key holds.
 * </ul>
 *
 * <p>Milvus counts {@code VARCHAR} lengths in bytes of UTF-8, and the store checks each record against the limits of
 * the collection's own schema before anything is sent, so that a batch the server would refuse part way is refused
 * whole. Ids and text with an unpaired surrogate, which UTF-8 cannot carry (protobuf would turn it into {@code ?}),
 * are refused too; metadata keeps any value, since the payload escapes it.
 */
final class MilvusRecords {
  static final String ID = "id";
  static final String VECTOR = "vector";
  static final String TEXT = "text";
  static final String RECORD = "quarry_record";
  static final String EQ = "quarry_eq";
  static final String MIN = "quarry_min";
  static final String MAX = "quarry_max";
  /** The fields a read returns. */
  static final List<String> READ = List.of(ID, VECTOR, TEXT, RECORD);

  /** The id's {@code max_length} in collections the store creates. */
  static final int ID_MAX_BYTES = 4_096;
  /** The largest {@code max_length} of a Milvus {@code VARCHAR}: the text's and the payload's. */
  static final int VARCHAR_MAX_BYTES = 65_535;
  /** The largest {@code max_capacity} of a Milvus {@code ARRAY}: the most equality tokens one record carries. */
  static final int MAX_TOKENS = 4_096;
  /** The {@code max_length} of a token in {@code quarry_eq} (tokens are 32 characters or fewer). */
  static final int TOKEN_MAX_BYTES = 64;
  /** The largest {@code JSON} value a Milvus server takes unless configured otherwise (its {@code JSONMaxLength}). */
  static final int JSON_MAX_BYTES = 65_536;

  private MilvusRecords() {}

  /** Why nothing can be stored under {@code id} in {@code collection}, or null if something can. */
  static String idProblem(String id, MilvusCollection collection) {
    if (!Utf16.wellFormed(id)) {
      return "Milvus cannot hold an id with an unpaired surrogate";
    }
    int bytes = utf8Length(id);
    if (bytes > collection.idMaxBytes()) {
      return "the id is " + bytes + " bytes of UTF-8 but the collection's ids hold at most " + collection.idMaxBytes();
    }
    return null;
  }

  /**
   * The entity of {@code record} with {@code vector} (the prepared one).
   *
   * @throws IllegalArgumentException if the collection cannot hold it, naming the record and the limit
   */
  static JsonObject row(VectorRecord record, float[] vector, MilvusCollection collection) {
    Chunk chunk = record.chunk();
    String idProblem = idProblem(chunk.id(), collection);
    if (idProblem != null) {
      throw refused(chunk.id(), idProblem);
    }
    if (!Utf16.wellFormed(chunk.text())) {
      throw refused(chunk.id(), "Milvus cannot hold text with an unpaired surrogate");
    }
    int textBytes = utf8Length(chunk.text());
    if (textBytes > collection.textMaxBytes()) {
      throw refused(chunk.id(), "its text is " + textBytes + " bytes of UTF-8 but the collection's text field holds at"
          + " most " + collection.textMaxBytes() + " (a Milvus VARCHAR); split it into smaller chunks");
    }
    Map<String, Object> metadata = chunk.metadata().asMap();
    String payload = RecordPayload.encode(chunk);
    if (payload.length() > collection.recordMaxBytes()) { // ASCII: one byte a character
      throw refused(chunk.id(), "its document id and metadata take " + payload.length() + " bytes but the collection's"
          + " " + RECORD + " field holds at most " + collection.recordMaxBytes());
    }
    List<String> tokens = FilterTokens.of(metadata);
    if (tokens.size() > collection.maxTokens()) {
      throw refused(chunk.id(), "its metadata holds " + tokens.size() + " distinct values (equality tokens) but the"
          + " collection's " + EQ + " field holds at most " + collection.maxTokens() + " (the ARRAY's max_capacity)");
    }
    JsonArray eq = new JsonArray(tokens.size());
    for (String token : tokens) {
      if (utf8Length(token) > collection.tokenMaxBytes()) {
        throw refused(chunk.id(), "its equality token '" + token + "' is longer than the collection's " + EQ
            + " elements hold (" + collection.tokenMaxBytes() + " bytes)");
      }
      eq.add(token);
    }
    JsonObject min = new JsonObject();
    JsonObject max = new JsonObject();
    FilterTokens.bounds(metadata).forEach((key, bounds) -> {
      min.addProperty(key, bounds.min());
      max.addProperty(key, bounds.max());
    });
    int jsonBytes = Math.max(utf8Length(min.toString()), utf8Length(max.toString()));
    if (jsonBytes > JSON_MAX_BYTES) {
      throw refused(chunk.id(), "its metadata has so many numeric keys that their bounds take " + jsonBytes
          + " bytes of JSON, more than the " + JSON_MAX_BYTES + " a Milvus JSON field holds");
    }
    JsonArray components = new JsonArray(vector.length);
    for (float component : vector) {
      components.add(component);
    }
    JsonObject row = new JsonObject();
    row.addProperty(ID, chunk.id());
    row.add(VECTOR, components);
    row.addProperty(TEXT, chunk.text());
    row.addProperty(RECORD, payload);
    row.add(EQ, eq);
    row.add(MIN, min);
    row.add(MAX, max);
    return row;
  }

  /**
   * The chunk an entity holds. An entity another client wrote with an empty {@code quarry_record} reads back with
   * no metadata, its id as document id and offsets spanning its text.
   */
  static Chunk chunk(String id, Object text, Object record) {
    String body = text == null ? "" : text.toString();
    if (record == null || record.toString().isEmpty()) {
      return new Chunk(id, id, body, Metadata.empty(), 0, body.length());
    }
    return RecordPayload.decode(id, body, record.toString());
  }

  /** A vector as the SDK returns it (a list of floats). */
  static float[] vector(Object value) {
    if (!(value instanceof List<?> list)) {
      return new float[0];
    }
    float[] vector = new float[list.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = ((Number) list.get(i)).floatValue();
    }
    return vector;
  }

  static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static IllegalArgumentException refused(String id, String why) {
    return new IllegalArgumentException("record '" + id + "': " + why + "; nothing was stored");
  }
}
