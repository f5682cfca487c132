package dev.quarry.api.store;

import static dev.quarry.api.internal.Checks.requireFiniteVector;
import static dev.quarry.api.internal.Checks.requireNonNull;

import dev.quarry.api.document.Chunk;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * What a {@link VectorStore} keeps: a chunk (text, metadata, offsets) and its embedding. The record's id is the
 * chunk's id, so upserting a chunk again replaces it.
 *
 * <p>The vector is copied on the way in and on the way out ({@link #vector()}; {@link #vectorView()} is read-only),
 * so neither the caller nor the store can change the other's array. Immutable and thread-safe.
 */
public record VectorRecord(Chunk chunk, float[] vector) {
  public VectorRecord {
    requireNonNull(chunk, "record chunk");
    vector = requireFiniteVector(vector, "vector of record '" + chunk.id() + "'").clone();
  }

  /** The record id: the chunk id. */
  public String id() {
    return chunk.id();
  }

  /** A copy of the vector. */
  @Override
  public float[] vector() {
    return vector.clone();
  }

  /**
   * A read-only view of the vector, without copying it: for a store that copies the vector into its own storage
   * (or a log) and would otherwise copy it twice. Each call gives a fresh view, positioned at 0.
   */
  public FloatBuffer vectorView() {
    return FloatBuffer.wrap(vector).asReadOnlyBuffer();
  }

  /** The vector's length, without copying it. */
  public int dimension() {
    return vector.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorRecord other && chunk.equals(other.chunk) && Arrays.equals(vector, other.vector);
  }

  @Override
  public int hashCode() {
    return 31 * chunk.hashCode() + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "VectorRecord[id=" + chunk.id() + ", dimension=" + vector.length + "]";
  }
}
