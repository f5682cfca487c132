package dev.quarry.vectorstore.internal.index;

import dev.quarry.api.store.SearchOptions;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An index over the vectors of a {@link VectorSet}. The store appends vectors to the set, then tells the index
 * with {@link #addUpTo}; deletions are the store's business (it passes an {@link Accept} that rejects them) until
 * it compacts and builds a fresh index.
 *
 * <p>Internal, not API. Thread-safety: {@link #addUpTo} and {@link #write} are called under the store's write
 * lock (or with writers excluded), {@link #search} under its read lock, so searches never overlap a mutation;
 * any number of searches may run at once.
 */
public interface VectorIndex {
  /** The name recorded in snapshots: "exact", "hnsw" or "ivf". */
  String kind();

  /** Indexes every vector of the set not yet indexed (ordinals up to {@code set.size()}). */
  void addUpTo(int size);

  /** The {@code k} best accepted ordinals it finds for the (prepared) query, best first. */
  Neighbors search(float[] query, int k, Accept accept, SearchOptions options);

  /** Writes the index structure (not the vectors) for a snapshot. */
  void write(DataOutput out) throws IOException;
}
