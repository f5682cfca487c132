package dev.quarry.api.tokenizer;

/**
 * A {@link TokenCounter} that can also show the tokens and cut text at a token boundary. The same tokenizer
 * drives token-aware splitting and the context budget, so both agree on what fits.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Tokenizer extends TokenCounter {

  /**
   * The token ids of {@code text}, without special tokens: as many as {@link #countTokens} counts.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  int[] encode(String text);

  /**
   * The longest prefix of {@code text} that holds at most {@code maxTokens} tokens, cut at a token boundary.
   * The result is always a prefix of the input (never re-spelled from token ids), so offsets stay exact; it is
   * {@code text} itself when {@code text} fits, and a larger {@code maxTokens} never gives a shorter prefix.
   *
   * @throws IllegalArgumentException if {@code text} is null or {@code maxTokens} is negative
   */
  String truncate(String text, int maxTokens);
}
