package dev.quarry;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.splitter.DocumentSplitter;
import dev.quarry.rag.splitter.TokenSplitter;

/** How {@link Quarry} cuts documents when no splitter is given: chunks that fit the embedding model's window. */
final class ChunkSizing {
  private ChunkSizing() {}

  /**
   * {@link Ingestor#defaultSplitter} when neither size is set; otherwise a {@link TokenSplitter} on the model's own
   * tokenizer with {@code chunkSize} tokens (the default size when null) and {@code chunkOverlap} (an eighth of the
   * size when null).
   *
   * @throws IllegalArgumentException if a size is set for a model without a {@link TokenWindow}, the size is more
   *     than the model reads, or the overlap is not smaller than the size
   */
  static DocumentSplitter splitter(EmbeddingModel model, Integer chunkSize, Integer chunkOverlap) {
    if (chunkSize == null && chunkOverlap == null) {
      return Ingestor.defaultSplitter(model);
    }
    TokenWindow window = model.tokenWindow().orElseThrow(() -> new IllegalArgumentException("chunkSize needs a"
        + " model that says how many tokens it reads (EmbeddingModel.tokenWindow()); give a splitter instead"));
    int size = chunkSize != null ? chunkSize : Math.min(window.maxTokens(), TokenSplitter.DEFAULT_CHUNK_SIZE);
    if (size > window.maxTokens()) {
      throw new IllegalArgumentException("a chunk size of " + size + " tokens is more than the "
          + window.maxTokens() + " the embedding model reads; the rest of each chunk would be cut off before it"
          + " is embedded: choose at most " + window.maxTokens());
    }
    int overlap = chunkOverlap != null ? chunkOverlap : size / 8;
    if (overlap >= size) {
      throw new IllegalArgumentException("chunkOverlap (" + overlap + ") must be smaller than chunkSize (" + size
          + ")");
    }
    return TokenSplitter.builder(window.tokenizer()).chunkSize(size).chunkOverlap(overlap).build();
  }
}
