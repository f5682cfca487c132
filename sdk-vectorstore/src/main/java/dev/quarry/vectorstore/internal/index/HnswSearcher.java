package dev.quarry.vectorstore.internal.index;

/**
 * Walks an {@link HnswGraph}: greedy descent through the upper levels and best-first search of one level (Malkov
 * and Yashunin, 2016, algorithms 2 and 5). Searches and the {@link HnswBuilder}'s inserts both walk with it.
 *
 * <p>A walk enters nodes below its {@code walkLimit} and returns only those below its {@code resultLimit}. A search
 * walks every node it finds (the graph's capacity when it started bounds the ids), also nodes of a batch still
 * being linked, since pruning may have replaced an old node's links by links to them; but it returns only the
 * published ones. A search reads lists without locking; the builder's walker reads them under the graph's locks
 * while threads insert in parallel.
 *
 * <p>Internal, not API. Stateless apart from the graph; scratch space comes from the caller's {@link
 * HnswWorkspace}.
 */
final class HnswSearcher {
  private final HnswGraph graph;
  private final boolean locking;

  /** A walker that reads lists under the graph's locks while it is building ({@code locking}), or never. */
  HnswSearcher(HnswGraph graph, boolean locking) {
    this.graph = graph;
    this.locking = locking;
  }

  private int neighbours(int node, int level, int[] into) {
    return locking ? graph.copy(node, level, into) : graph.read(node, level, into);
  }

  /**
   * Greedy walk on one level, over nodes below {@code limit}; returns the best node and its score packed (score
   * bits << 32 | node). The best node may be unpublished: it only leads the way down.
   */
  long greedy(HnswTarget scorer, int start, float startScore, int level, int limit, HnswWorkspace ws) {
    int best = start;
    float bestScore = startScore;
    boolean improved = true;
    while (improved) {
      improved = false;
      int count = neighbours(best, level, ws.neighbours);
      if (scorer.prefetch) {
        float touched = 0;
        for (int i = 0; i < count; i++) {
          int candidate = ws.neighbours[i];
          touched += candidate < limit ? scorer.touch(candidate) : 0;
        }
        ws.sink += touched;
      }
      for (int i = 0; i < count; i++) {
        int candidate = ws.neighbours[i];
        if (candidate >= limit) {
          continue;
        }
        float score = scorer.score(candidate);
        if (score > bestScore) {
          bestScore = score;
          best = candidate;
          improved = true;
        }
      }
    }
    return ((long) Float.floatToRawIntBits(bestScore) << 32) | (best & 0xffffffffL);
  }

  /**
   * Best-first search of one level from one entry node, over nodes below {@code walkLimit}. Leaves the best {@code
   * ef} accepted nodes below {@code resultLimit} in {@code ws.results}; other nodes are still walked through, so
   * filters, deletions and unpublished nodes do not cut the graph.
   */
  void searchLayer(HnswTarget scorer, int start, float startScore, int ef, int level, int walkLimit,
      int resultLimit, Accept accept, HnswWorkspace ws) {
    LongHeap candidates = ws.candidates;
    LongHeap results = ws.results;
    candidates.clear();
    results.clear();
    VisitedSet visited = VisitedSet.forThread(Math.min(walkLimit, graph.capacity()));
    visited.visit(start);
    candidates.push(startScore, start);
    if (start < resultLimit && accept.test(start)) {
      results.push(startScore, start);
    }
    int[] neighbours = ws.neighbours;
    float[] scores = ws.scores;
    // Unfiltered searches skip the call: once filtered searches have run, it is a megamorphic call per node.
    boolean acceptAll = accept == Accept.ALL;
    while (!candidates.isEmpty()) {
      float candidateScore = candidates.topScore();
      if (results.size() >= ef && candidateScore < results.topScore()) {
        break;
      }
      int node = candidates.pop();
      int count = neighbours(node, level, neighbours);
      // Keep the unvisited neighbours, score them in one tight loop (their vector loads overlap), then queue.
      int fresh = 0;
      for (int i = 0; i < count; i++) {
        int next = neighbours[i];
        if (next < walkLimit) {
          neighbours[fresh] = next;
          fresh += 1 - visited.mark(next);
        }
      }
      if (scorer.prefetch) {
        // The next node to expand is likely the best one queued: its list's load overlaps these too.
        float touched = candidates.isEmpty() ? 0 : graph.touch(candidates.topNode(), level);
        for (int i = 0; i < fresh; i++) {
          touched += scorer.touch(neighbours[i]);
        }
        ws.sink += touched;
      }
      for (int i = 0; i < fresh; i++) {
        scores[i] = scorer.score(neighbours[i]);
      }
      for (int i = 0; i < fresh; i++) {
        float score = scores[i];
        if (results.size() < ef || score > results.topScore()) {
          int next = neighbours[i];
          candidates.push(score, next);
          if (next < resultLimit && (acceptAll || accept.test(next))) {
            results.offer(score, next, ef);
          }
        }
      }
    }
  }
}
