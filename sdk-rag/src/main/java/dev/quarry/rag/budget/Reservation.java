package dev.quarry.rag.budget;

import dev.quarry.api.tokenizer.TokenCounter;
import java.util.List;

/**
 * The tokens one pack sets aside before the context, counted part by part.
 *
 * <p>Immutable and thread-safe.
 */
record Reservation(int answer, int system, int question, int history, int other) {

  static Reservation count(TokenCounter counter, int answerTokens, PromptParts parts) {
    long history = 0;
    for (String message : parts.history()) {
      history += counter.countTokens(message);
    }
    long other = (long) counter.countTokens(parts.templateText()) + parts.reservedTokens();
    return new Reservation(
        answerTokens,
        counter.countTokens(parts.systemPrompt()),
        counter.countTokens(parts.question()),
        saturated(history),
        saturated(other));
  }

  private static int saturated(long n) {
    return (int) Math.min(Integer.MAX_VALUE, n);
  }

  long total() {
    return (long) answer + system + question + history + other;
  }

  BudgetReport report(int maxTokens, int contextTokens, List<HitReport> hits) {
    return new BudgetReport(maxTokens, answer, system, question, history, other, contextTokens, hits);
  }

  String describe() {
    return "answer " + answer + ", system prompt " + system + ", question " + question + ", history " + history
        + ", template and other " + other;
  }
}
