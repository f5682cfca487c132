package dev.quarry.api.embedding;

import static dev.quarry.api.internal.Checks.requireNonNull;
import static dev.quarry.api.internal.Checks.requirePositive;

import dev.quarry.api.tokenizer.Tokenizer;

/**
 * How much of a document an {@link EmbeddingModel} reads: the tokenizer it reads text with and the most tokens of
 * a document's text, as that tokenizer counts them (special tokens and any document prefix already subtracted),
 * that it embeds before cutting the rest off. A splitter that keeps chunks within {@code maxTokens} tokens of
 * {@code tokenizer} loses nothing to truncation.
 *
 * <p>Immutable; thread-safe because tokenizers are.
 *
 * @param tokenizer the model's own tokenizer
 * @param maxTokens the most tokens of a document's text the model reads, positive
 */
public record TokenWindow(Tokenizer tokenizer, int maxTokens) {
  public TokenWindow {
    requireNonNull(tokenizer, "tokenizer");
    requirePositive(maxTokens, "maxTokens");
  }
}
