package dev.quarry.rag.budget;

import java.util.List;

/**
 * How a {@link ContextBudget} spent its tokens, and what it did with every hit.
 *
 * <p>All counts are the budget's token counter's. The budget guarantees {@link #usedTokens()} {@code <=}
 * {@link #maxTokens()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxTokens the limit
 * @param answerTokens tokens reserved for the answer
 * @param systemTokens tokens of the system prompt
 * @param questionTokens tokens of the question
 * @param historyTokens tokens of the history, all messages together
 * @param otherTokens tokens of the template text plus the extra reservation
 * @param contextTokens tokens of the rendered context, headers and separators included
 * @param hits one report per hit given, in the order given
 */
public record BudgetReport(
    int maxTokens,
    int answerTokens,
    int systemTokens,
    int questionTokens,
    int historyTokens,
    int otherTokens,
    int contextTokens,
    List<HitReport> hits) {
  public BudgetReport {
    if (hits == null) {
      throw new IllegalArgumentException("hit reports must not be null");
    }
    hits = List.copyOf(hits);
  }

  /** Tokens reserved before the context: answer, system prompt, question, history and the rest. */
  public int reservedTokens() {
    return answerTokens + systemTokens + questionTokens + historyTokens + otherTokens;
  }

  /** Reserved plus context tokens: at most {@link #maxTokens()}. */
  public int usedTokens() {
    return reservedTokens() + contextTokens;
  }

  /** The hits left out of the context, in the order given. */
  public List<HitReport> dropped() {
    return hits.stream().filter(h -> !h.status().inContext()).toList();
  }
}
