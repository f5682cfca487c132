package dev.quarry.vectorstore.internal.index;

/**
 * Per-thread scratch space of an {@link HnswIndex}'s inserts and searches: the two heaps of a walk, neighbour and
 * score buffers, pruning buffers, the re-scoring heap and vector scratch arrays, sized for lists of up to {@code
 * m0} neighbours and vectors of {@code dimension}.
 *
 * <p>Internal, not API. Not thread-safe: one per thread.
 */
final class HnswWorkspace {
  final LongHeap candidates = LongHeap.max(64);
  final LongHeap results = LongHeap.min(64);
  final int[] neighbours;
  final float[] scores;
  /** Where touched values go, so the JIT cannot drop the loads. */
  float sink;
  final int[] pruneNodes;
  final float[] pruneScores;
  final int[] selected;
  final int[] kept;
  final LongHeap rescored = LongHeap.min(16);
  /** Where inserts copy mapped vectors to compare them (see {@link VectorSet#get(int, float[])}). */
  final float[] targetVector;
  final float[] candidateVector;
  final float[] keptVector;
  private int[] rescore = new int[64];

  HnswWorkspace(int m0, int dimension) {
    targetVector = new float[dimension];
    candidateVector = new float[dimension];
    keptVector = new float[dimension];
    neighbours = new int[m0 + 1];
    scores = new float[m0 + 1];
    pruneNodes = new int[m0 + 1];
    pruneScores = new float[m0 + 1];
    selected = new int[m0 + 1];
    kept = new int[m0 + 1];
  }

  /** A buffer for {@code count} nodes to re-score. */
  int[] rescoreNodes(int count) {
    if (rescore.length < count) {
      rescore = new int[count];
    }
    return rescore;
  }
}
