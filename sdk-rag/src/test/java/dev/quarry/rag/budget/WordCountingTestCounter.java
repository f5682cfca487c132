package dev.quarry.rag.budget;

import dev.quarry.api.tokenizer.TokenCounter;

/**
 * Test double for {@link TokenCounter}, not a real tokenizer: one token per whitespace-separated word, so the
 * expected counts in tests can be worked out by hand. Stateless and thread-safe.
 */
final class WordCountingTestCounter implements TokenCounter {
  @Override
  public int countTokens(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
  }
}
