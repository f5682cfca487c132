package dev.quarry.vectorstore.internal.index;

import dev.quarry.api.store.SearchOptions;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An index over the vectors of a {@link VectorSet}. The store appends vectors to the set, indexes them with {@link
 * #prepareUpTo} while searches go on, then makes them visible with {@link #publish}; deletions are the store's
 * business (it passes an {@link Accept} that rejects them) until it compacts and builds a fresh index.
 *
 * <p>Internal, not API. Thread-safety: one writer at a time calls {@link #prepareUpTo}, and any number of
 * {@link #search}es may run meanwhile, each seeing the ordinals of the last {@link #publish} and no others. {@link
 * #publish} runs with searches excluded (the store's write lock), {@link #write} with writers excluded.
 */
public interface VectorIndex {
  /** The name recorded in snapshots: "exact", "hnsw" or "ivf". */
  String kind();

  /**
   * Makes room for {@code size} vectors before any is appended, failing (with nothing changed) if the index cannot
   * hold that many.
   *
   * @throws IllegalStateException if the index cannot grow to {@code size}
   */
  default void reserve(int size) {}

  /**
   * Indexes every vector of the set not yet indexed (ordinals up to {@code size}), without making them visible to
   * searches.
   */
  void prepareUpTo(int size);

  /** Makes everything {@link #prepareUpTo prepared} visible to searches. */
  void publish();

  /** {@link #prepareUpTo} then {@link #publish}: for a caller that no search runs beside. */
  default void addUpTo(int size) {
    prepareUpTo(size);
    publish();
  }

  /** The {@code k} best accepted ordinals it finds for the (prepared) query, best first. */
  Neighbors search(float[] query, int k, Accept accept, SearchOptions options);

  /**
   * The int8 codes searches walk on, for the snapshot's vector file; null if the index has none (none asked for,
   * or too few vectors to train them yet).
   */
  default CodeRows codes() {
    return null;
  }

  /** Writes the published index structure (not the vectors or codes) for a snapshot. */
  void write(DataOutput out) throws IOException;
}
