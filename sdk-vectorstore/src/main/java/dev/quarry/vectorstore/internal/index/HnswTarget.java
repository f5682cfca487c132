package dev.quarry.vectorstore.internal.index;

/**
 * What an HNSW walk scores nodes against: a vector, on the float vectors, or its int8 code. One final class (not
 * lambdas) keeps the scoring call monomorphic, so the JIT inlines it into the search loop.
 *
 * <p>Internal, not API. Immutable; used by one walk on one thread.
 */
final class HnswTarget {
  private final VectorSet vectors;
  private final Similarity similarity;
  private final Int8Codes codes;
  private final float[] vector;
  private final byte[] code;
  /** Where a mapped vector or code is copied to be scored (see {@link VectorSet#get(int, float[])}). */
  private final float[] vectorScratch;
  private final byte[] codeScratch;
  /** Whether to touch vectors before scoring them: worth it only when they do not fit in cache. */
  final boolean prefetch;

  HnswTarget(VectorSet vectors, Similarity similarity, Int8Codes codes, float[] vector, byte[] code,
      boolean prefetch) {
    this.vectors = vectors;
    this.similarity = similarity;
    this.codes = codes;
    this.vector = vector;
    this.code = code;
    this.prefetch = prefetch;
    this.vectorScratch = new float[vectors.dimension()];
    this.codeScratch = code == null ? null : codes.scratch();
  }

  /** The walk's score of a node: on the int8 codes when the target has a code, else on the floats. */
  float score(int node) {
    return code == null ? similarity.score(vector, vectors.get(node, vectorScratch))
        : codes.estimate(code, node, codeScratch);
  }

  /**
   * Reads one value per cache line of a node's vector (or code), so the memory loads of a whole neighbour list
   * are in flight together instead of one vector after another.
   */
  float touch(int node) {
    return code != null ? codes.touch(node) : touchFloats(node);
  }

  float touchFloats(int node) {
    return vectors.touch(node);
  }

  /** The exact score on the float vectors. */
  float exact(int node) {
    return similarity.score(vector, vectors.get(node, vectorScratch));
  }
}
