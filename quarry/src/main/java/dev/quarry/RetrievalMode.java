package dev.quarry;

/** How a {@link Quarry} finds the chunks for a question. */
public enum RetrievalMode {
  /** By meaning: the question's embedding against the chunks' (cosine similarity scores). */
  DENSE,
  /** By words: Lucene BM25 over the chunks' text (unbounded BM25 scores). */
  KEYWORD,
  /**
   * Both, run in parallel and fused ({@link Quarry#DEFAULT_FUSION} unless set): finds what either finds. Fused
   * scores are on their own scale, not cosine similarities.
   */
  HYBRID
}
