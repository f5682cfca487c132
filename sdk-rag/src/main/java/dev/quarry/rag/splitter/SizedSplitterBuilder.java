package dev.quarry.rag.splitter;

import java.util.function.ToIntFunction;

/**
 * The size settings the character-measured splitters' builders share: chunk size, overlap and how text is
 * measured. Validated when the splitter is built, by {@link SplitterSettings}. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter so calls chain
 */
abstract class SizedSplitterBuilder<B extends SizedSplitterBuilder<B>> {
  private int chunkSize;
  private int chunkOverlap;
  private SpanMeasure measure = SpanMeasure.CHARS;

  SizedSplitterBuilder(int defaultChunkSize, int defaultChunkOverlap) {
    this.chunkSize = defaultChunkSize;
    this.chunkOverlap = defaultChunkOverlap;
  }

  abstract B self();

  /** The most a chunk may measure; must be {@code > 0}. Default: the splitter's {@code DEFAULT_CHUNK_SIZE}. */
  public B chunkSize(int chunkSize) {
    this.chunkSize = chunkSize;
    return self();
  }

  /**
   * The most two consecutive chunks may share; must be {@code >= 0} and {@code < chunkSize}. Default: the
   * splitter's {@code DEFAULT_CHUNK_OVERLAP}.
   */
  public B chunkOverlap(int chunkOverlap) {
    this.chunkOverlap = chunkOverlap;
    return self();
  }

  /**
   * How text is measured, for example {@code tokenizer::countTokens}; must be thread-safe, never negative, and
   * should not give a span less than a span inside it. Default: UTF-16 chars, {@link String#length()}.
   */
  public B lengthFunction(ToIntFunction<String> lengthFunction) {
    if (lengthFunction == null) {
      throw new IllegalArgumentException("lengthFunction must not be null");
    }
    this.measure = SpanMeasure.of(lengthFunction);
    return self();
  }

  /**
   * The validated settings.
   *
   * @throws IllegalArgumentException if chunkSize is not {@code > 0} or chunkOverlap is not in {@code [0,
   *     chunkSize)}
   */
  SplitterSettings settings() {
    return new SplitterSettings(chunkSize, chunkOverlap, measure);
  }
}
