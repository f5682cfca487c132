package dev.quarry.rag.retrieval;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.SearchHit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Fusion#rrf(int)}: a chunk scores {@code Σ 1 / (k + rank)} over the lists that hold it, ranks from 1.
 * Immutable and thread-safe.
 */
record ReciprocalRankFusion(int k) implements Fusion {
  ReciprocalRankFusion {
    if (k <= 0) {
      throw new IllegalArgumentException("RRF k must be > 0, was " + k);
    }
  }

  @Override
  public List<SearchHit> fuse(List<? extends List<SearchHit>> rankings) {
    List<List<SearchHit>> lists = RankedLists.distinct(rankings);
    Map<String, Double> scores = new HashMap<>();
    for (List<SearchHit> list : lists) {
      for (int rank = 1; rank <= list.size(); rank++) {
        scores.merge(list.get(rank - 1).id(), 1.0 / (k + rank), Double::sum);
      }
    }
    Map<String, Chunk> chunks = RankedLists.union(lists);
    return RankedLists.bestFirst(chunks, scores);
  }

  @Override
  public String toString() {
    return "Fusion.rrf(" + k + ")";
  }
}
