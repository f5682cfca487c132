package dev.quarry.rag.budget;

import java.util.List;

/**
 * The result of {@link ContextBudget#pack}: the context text to put into the prompt, its passages, and the
 * report of what was kept, merged, cut or dropped.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the rendered context: each passage fenced as data between a line {@code <<<PASSAGE [n] CODE
 *     source: ...>>>} and a line {@code <<<END PASSAGE [n] CODE>>>}, {@code CODE} eight random hex digits drawn for
 *     this context and found in no passage, so a passage cannot forge the end of its fence; empty when nothing fits
 * @param passages the passages in the order they appear in {@code text}; passage {@code n} is at index {@code
 *     n - 1}
 * @param report the token accounting and the fate of every hit
 */
public record PackedContext(String text, List<Passage> passages, BudgetReport report) {
  public PackedContext {
    if (text == null || passages == null || report == null) {
      throw new IllegalArgumentException("text, passages and report must not be null");
    }
    passages = List.copyOf(passages);
    for (int i = 0; i < passages.size(); i++) {
      if (passages.get(i).number() != i + 1) {
        throw new IllegalArgumentException(
            "passage at index " + i + " must be number " + (i + 1) + ", was " + passages.get(i).number());
      }
    }
  }

  /** Whether no passage fitted (or none was given). */
  public boolean isEmpty() {
    return passages.isEmpty();
  }
}
