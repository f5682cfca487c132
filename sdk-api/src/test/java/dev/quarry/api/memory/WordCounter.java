package dev.quarry.api.memory;

import dev.quarry.api.tokenizer.TokenCounter;

/**
 * TEST DOUBLE, not a real tokenizer: one token per whitespace-separated word, so token sums in tests are
 * easy to work out by hand. Thread-safe (stateless).
 */
final class WordCounter implements TokenCounter {
  @Override
  public int countTokens(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }
}
