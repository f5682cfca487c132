package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNonNegative;

/**
 * Tokens a model call consumed, as the provider reported them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inputTokens tokens of the prompt
 * @param outputTokens tokens of the response
 */
public record TokenUsage(int inputTokens, int outputTokens) {
  /** No tokens: the identity of {@link #plus}. */
  public static final TokenUsage ZERO = new TokenUsage(0, 0);

  public TokenUsage {
    requireNonNegative(inputTokens, "inputTokens");
    requireNonNegative(outputTokens, "outputTokens");
  }

  /** Input plus output tokens. */
  public int totalTokens() {
    return inputTokens + outputTokens;
  }

  /** The sum of two usages, for totals over several calls. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }
}
