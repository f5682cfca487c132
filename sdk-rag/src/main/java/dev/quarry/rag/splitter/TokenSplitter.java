package dev.quarry.rag.splitter;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.tokenizer.TokenCounter;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RecursiveCharacterSplitter} whose size and overlap are counted in tokens, by the same tokenizer
 * that the embedding model and the context budget use, so a chunk never overflows the model's input.
 *
 * <pre>{@code
 * DocumentSplitter splitter = TokenSplitter.builder(tokenizer).chunkSize(256).chunkOverlap(32).build();
 * }</pre>
 *
 * <p>Pieces, breaks and overlap are exactly as in {@link RecursiveCharacterSplitter}, with every length taken
 * by {@link TokenCounter#countTokens} on the span's text. Every chunk is counted before it is emitted, so none
 * holds more than {@code chunkSize} tokens; shared text holds at most {@code chunkOverlap} tokens as long as
 * the tokenizer never counts a span as fewer tokens than a span inside it, which real tokenizers do not.
 * Cutting a chunk costs a few tokenizer calls on chunk-sized text, not one per word.
 *
 * <p>Immutable, and thread-safe because tokenizers are.
 */
public final class TokenSplitter implements DocumentSplitter {

  /** Default most tokens per chunk: fits the 256- and 512-token inputs of small embedding models. */
  public static final int DEFAULT_CHUNK_SIZE = 256;

  /** Default most tokens two consecutive chunks share. */
  public static final int DEFAULT_CHUNK_OVERLAP = 32;

  private final RecursiveCharacterSplitter delegate;
  private final Optional<String> fingerprint;

  private TokenSplitter(RecursiveCharacterSplitter delegate, Optional<String> fingerprint) {
    this.delegate = delegate;
    this.fingerprint = fingerprint;
  }

  /**
   * A builder counting with {@code tokenizer} (any {@link dev.quarry.api.tokenizer.Tokenizer} will do).
   *
   * @throws IllegalArgumentException if {@code tokenizer} is null
   */
  public static Builder builder(TokenCounter tokenizer) {
    if (tokenizer == null) {
      throw new IllegalArgumentException("tokenizer must not be null");
    }
    return new Builder(tokenizer);
  }

  @Override
  public List<Chunk> split(Document document) {
    return delegate.split(document);
  }

  /** The sizes, the separators and the tokenizer's fingerprint; empty when the tokenizer has none. */
  @Override
  public Optional<String> fingerprint() {
    return fingerprint;
  }

  /** Collects settings for a {@link TokenSplitter}. Not thread-safe; use it on one thread. */
  public static final class Builder {
    private final TokenCounter tokenizer;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private int chunkOverlap = DEFAULT_CHUNK_OVERLAP;
    private List<String> separators = RecursiveCharacterSplitter.DEFAULT_SEPARATORS;

    private Builder(TokenCounter tokenizer) {
      this.tokenizer = tokenizer;
    }

    /** The most tokens per chunk; must be {@code > 0}. Default {@value #DEFAULT_CHUNK_SIZE}. */
    public Builder chunkSize(int chunkSize) {
      this.chunkSize = chunkSize;
      return this;
    }

    /**
     * The most tokens two consecutive chunks share; must be {@code >= 0} and {@code < chunkSize}. Default {@value
     * #DEFAULT_CHUNK_OVERLAP}.
     */
    public Builder chunkOverlap(int chunkOverlap) {
      this.chunkOverlap = chunkOverlap;
      return this;
    }

    /**
     * Separators from coarsest to finest, as in {@link RecursiveCharacterSplitter.Builder#separators}. Default
     * {@link RecursiveCharacterSplitter#DEFAULT_SEPARATORS}.
     */
    public Builder separators(List<String> separators) {
      RecursiveCharacterSplitter.builder().separators(separators); // validates with the same words
      this.separators = List.copyOf(separators);
      return this;
    }

    /**
     * A splitter with these settings.
     *
     * @throws IllegalArgumentException if chunkSize is not {@code > 0} or chunkOverlap is not in {@code [0,
     *     chunkSize)}
     */
    public TokenSplitter build() {
      return new TokenSplitter(
          RecursiveCharacterSplitter.builder()
              .chunkSize(chunkSize)
              .chunkOverlap(chunkOverlap)
              .separators(separators)
              .lengthFunction(tokenizer::countTokens)
              .build(),
          tokenizer.fingerprint().map(tokens -> Fingerprints.of(
              "token", chunkSize, chunkOverlap, tokens, Fingerprints.separators(separators))));
    }
  }
}
