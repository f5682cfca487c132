package dev.quarry.api.tokenizer;

/**
 * Counts tokens the way a model does, so that chunk sizes and context budgets are measured in the unit the model
 * limits.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TokenCounter {

  /**
   * The number of tokens {@code text} encodes to, without special tokens such as {@code [CLS]} or {@code <s>}.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  int countTokens(String text);
}
