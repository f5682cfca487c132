package dev.quarry.vectorstore.internal.index;

import dev.quarry.api.store.SearchOptions;
import java.io.DataOutput;

/**
 * No structure: every accepted vector is scored. Also the fallback other indexes and the store use for
 * selective filters. Internal, not API; thread-safety as {@link VectorIndex}.
 */
public final class ExactIndex implements VectorIndex {
  private final VectorSet vectors;
  private final Similarity similarity;
  private int prepared;
  private volatile int size;

  public ExactIndex(VectorSet vectors, Similarity similarity) {
    this.vectors = vectors;
    this.similarity = similarity;
  }

  @Override
  public String kind() {
    return "exact";
  }

  @Override
  public void prepareUpTo(int size) {
    this.prepared = size;
  }

  @Override
  public void publish() {
    size = prepared;
  }

  @Override
  public Neighbors search(float[] query, int k, Accept accept, SearchOptions options) {
    return scan(vectors, similarity, size, query, k, accept);
  }

  /**
   * Scores every accepted ordinal below {@code size}; the {@code k} best, best first. Memory follows what is
   * found (at most {@code size}), not {@code k}.
   */
  public static Neighbors scan(VectorSet vectors, Similarity similarity, int size, float[] query, int k,
      Accept accept) {
    LongHeap best = LongHeap.min(Math.min(k, size));
    float[] scratch = new float[vectors.dimension()];
    for (int ord = 0; ord < size; ord++) {
      if (accept.test(ord)) {
        best.offer(similarity.score(query, vectors.get(ord, scratch)), ord, k);
      }
    }
    return best.drainBestFirst();
  }

  @Override
  public void write(DataOutput out) {
    // nothing: the vectors are the index
  }
}
