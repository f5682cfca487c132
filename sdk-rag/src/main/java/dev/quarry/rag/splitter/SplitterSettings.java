package dev.quarry.rag.splitter;

/**
 * The size settings every splitter shares, validated once so all builders reject the same things with the
 * same words.
 *
 * @param chunkSize the most a chunk may measure
 * @param chunkOverlap the most two consecutive chunks may share
 * @param measure how text is measured
 */
record SplitterSettings(int chunkSize, int chunkOverlap, SpanMeasure measure) {

  SplitterSettings {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be > 0, was " + chunkSize);
    }
    if (chunkOverlap < 0 || chunkOverlap >= chunkSize) {
      throw new IllegalArgumentException(
          "chunkOverlap must be >= 0 and < chunkSize (" + chunkSize + "), was " + chunkOverlap);
    }
    if (measure == null) {
      throw new IllegalArgumentException("length function must not be null");
    }
  }

  /** Throws the usual message if {@code document} is null, so every splitter words it the same. */
  static <T> T requireDocument(T document) {
    if (document == null) {
      throw new IllegalArgumentException("document must not be null");
    }
    return document;
  }
}
