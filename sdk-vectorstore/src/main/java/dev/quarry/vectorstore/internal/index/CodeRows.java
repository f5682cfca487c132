package dev.quarry.vectorstore.internal.index;

import dev.quarry.vectorstore.internal.storage.MappedRows;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The int8 codes an index walks on, as the store sees them: rows to write to a snapshot's vector file, and to
 * take off the heap once that file is mapped.
 *
 * <p>Internal, not API. Thread-safety as {@link VectorIndex#write}: writers excluded.
 */
public interface CodeRows {
  /** Bytes per code. */
  int codeBytes();

  /** How many codes there are (ordinals 0 to size - 1). */
  int size();

  /** How many codes are on the heap (those of an in-memory store). */
  int heapCount();

  /** How many codes are not in a mapped vector file (on the heap, or in scratch files). */
  int unmappedCount();

  /** Puts code {@code ord} into {@code into} at its position, advancing it. */
  void writeRow(int ord, ByteBuffer into);

  /**
   * Replaces the first {@code rows.count()} codes, which hold the same bytes, by {@code rows}; the others, and
   * later codes, go to scratch files in {@code folder}.
   */
  void moveOffHeap(MappedRows rows, Path folder);
}
