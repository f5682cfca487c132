package dev.quarry.api.tokenizer;

/**
 * Counts tokens the way a model does, so that chunk sizes and context budgets are measured in the unit the model
 * limits.
 *
 * <p>Every implementation promises (the testkit's {@code TokenCounterContract} checks it):
 *
 * <ul>
 *   <li>the empty text counts 0 tokens, and a text holding a letter or a digit at least 1;
 *   <li>the whole text is counted, however long: a counter never stops at a model's input limit, since the
 *       callers compare the count with such limits;
 *   <li>a text always counts the same;
 *   <li>a null text is refused with an {@link IllegalArgumentException}.
 * </ul>
 *
 * <p>Counts need not add up: a sub-word tokenizer may split a word differently in another context, so a text can
 * count more or fewer tokens than its parts together.
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

  /**
   * What decides this counter's counts, as text: two counters with equal fingerprints count every text alike
   * (for a tokenizer, a hash of its vocabulary and rules). Splitters build their own fingerprint from it, so that a
   * re-ingest can tell that an unchanged document would be cut into the same chunks without cutting it again.
   * Empty (the default) when unknown: such a document is always cut again.
   */
  default java.util.Optional<String> fingerprint() {
    return java.util.Optional.empty();
  }
}
