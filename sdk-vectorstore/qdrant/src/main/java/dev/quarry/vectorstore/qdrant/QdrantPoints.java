package dev.quarry.vectorstore.qdrant;

import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.value;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.server.internal.FilterTokens;
import dev.quarry.vectorstore.server.internal.RecordPayload;
import dev.quarry.vectorstore.server.internal.Utf16;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a chunk is kept as a Qdrant point. Qdrant ids are numbers or UUIDs, so the point id is a UUID derived from the
 * chunk id by SHA-256 (version 8, "custom"); the payload holds
 *
 * <ul>
 *   <li>{@code quarry_id} and {@code quarry_text}: the chunk id and text;
 *   <li>{@code quarry_record}: the {@link RecordPayload} (document id, offsets, exactly typed metadata);
 *   <li>{@code quarry_eq}, {@code quarry_min_<key>}, {@code quarry_max_<key>}: the filter fields of {@link
 *       QdrantFilters};
 *   <li>{@code metadata}: the metadata values Qdrant holds as they are, for other Qdrant clients (Quarry reads only
 *       the record field).
 * </ul>
 *
 * <p>Points other clients wrote, without these fields, read back with their point id as chunk and document id, their
 * {@code text} (or {@code page_content}) payload as text, and their scalar payload as metadata.
 */
final class QdrantPoints {
  static final String ID = "quarry_id";
  static final String TEXT = "quarry_text";
  static final String RECORD = "quarry_record";
  static final String METADATA = "metadata";

  private QdrantPoints() {}

  /** The point id of chunk {@code id}. */
  static Common.PointId pointId(String id) {
    try {
      ByteBuffer units = ByteBuffer.allocate(id.length() * 2);
      units.asCharBuffer().put(id);
      ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(units.array()));
      long high = (digest.getLong() & ~0xF000L) | 0x8000L; // version 8
      long low = (digest.getLong() & ~(0xC0L << 56)) | (0x80L << 56); // the RFC 9562 variant
      return Common.PointId.newBuilder().setUuid(new UUID(high, low).toString()).build();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static Points.PointStruct point(VectorRecord record, float[] vector) {
    Chunk chunk = record.chunk();
    Map<String, Object> metadata = chunk.metadata().asMap();
    Map<String, Value> payload = new LinkedHashMap<>();
    payload.put(ID, value(chunk.id()));
    payload.put(TEXT, value(chunk.text()));
    payload.put(RECORD, value(RecordPayload.encode(chunk)));
    payload.put(QdrantFilters.TOKENS, list(FilterTokens.of(metadata).stream().map(t -> value(t)).toList()));
    FilterTokens.bounds(metadata).forEach((key, bounds) -> {
      payload.put(QdrantFilters.minField(key), value(bounds.min()));
      payload.put(QdrantFilters.maxField(key), value(bounds.max()));
    });
    Map<String, Value> readable = new LinkedHashMap<>();
    metadata.forEach((key, v) -> {
      Value converted = readable(v);
      if (converted != null && Utf16.wellFormed(key)) {
        readable.put(key, converted);
      }
    });
    payload.put(METADATA, value(readable));
    return Points.PointStruct.newBuilder().setId(pointId(chunk.id())).putAllPayload(payload)
        .setVectors(VectorsFactory.vectors(vector)).build();
  }

  /** The chunk a point's payload holds. */
  static Chunk chunk(Common.PointId id, Map<String, Value> payload) {
    Value record = payload.get(RECORD);
    Value chunkId = payload.get(ID);
    if (record != null && record.hasStringValue() && chunkId != null && chunkId.hasStringValue()) {
      return RecordPayload.decode(chunkId.getStringValue(), text(payload, TEXT), record.getStringValue());
    }
    String foreignId = id.hasUuid() ? id.getUuid() : Long.toUnsignedString(id.getNum());
    String text = payload.containsKey("text") ? text(payload, "text") : text(payload, "page_content");
    Map<String, Object> metadata = new LinkedHashMap<>();
    payload.forEach((key, v) -> {
      Object scalar = scalar(v);
      if (scalar != null && !key.equals("text") && !key.equals("page_content")) {
        metadata.put(key, scalar);
      }
    });
    return new Chunk(foreignId, foreignId, text, Metadata.of(metadata), 0, text.length());
  }

  /** The dense vector of a point as the server returns it (the newer {@code dense} field or the older data). */
  static float[] vector(Points.VectorsOutput vectors) {
    Points.VectorOutput vector = vectors.getVector();
    List<Float> data = vector.hasDense() ? vector.getDense().getDataList() : vector.getDataList();
    float[] v = new float[data.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = data.get(i);
    }
    return v;
  }

  private static String text(Map<String, Value> payload, String key) {
    Value v = payload.get(key);
    return v != null && v.hasStringValue() ? v.getStringValue() : "";
  }

  private static Object scalar(Value v) {
    return switch (v.getKindCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INTEGER_VALUE -> v.getIntegerValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case BOOL_VALUE -> v.getBoolValue();
      default -> null;
    };
  }

  private static Value readable(Object v) {
    return switch (v) {
      case String s -> Utf16.wellFormed(s) ? value(s) : null;
      case Long l -> value(l);
      case Double d -> Double.isFinite(d) ? value(d) : null;
      case Boolean b -> value(b);
      case List<?> elements -> {
        List<Value> converted = new ArrayList<>();
        for (Object element : elements) {
          Value c = readable(element);
          if (c == null) {
            yield null;
          }
          converted.add(c);
        }
        yield list(converted);
      }
      default -> null;
    };
  }
}
