package dev.quarry.agents;

import dev.quarry.api.chat.TokenUsage;
import java.util.Optional;

/**
 * The end of a run: how it ended, the answer if there is one, and the trace of every step.
 *
 * <pre>{@code
 * AgentResult result = agent.run("What is the status of order 42?");
 * String text = result.answer().orElse("Sorry: " + result.message());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param outcome how the run ended
 * @param answer the model's final answer, present exactly when the outcome is {@link AgentOutcome#ANSWERED}
 * @param message a sentence for people and logs, such as "stopped after 10 model calls without a final
 *     answer"
 * @param trace every step of the run
 * @param error the exception behind {@link AgentOutcome#MODEL_FAILED}, when there was one
 */
public record AgentResult(
    AgentOutcome outcome, Optional<String> answer, String message, AgentTrace trace,
    Optional<Throwable> error) {
  public AgentResult {
    Checks.requireNonNull(outcome, "outcome");
    Checks.requireNonNull(answer, "answer");
    Checks.requireNonNull(message, "message");
    Checks.requireNonNull(trace, "trace");
    Checks.requireNonNull(error, "error");
    if (answer.isPresent() != (outcome == AgentOutcome.ANSWERED)) {
      throw new IllegalArgumentException(
          "an answer comes with the outcome ANSWERED and only with it; outcome was " + outcome);
    }
  }

  /** Whether the model gave a final answer. */
  public boolean answered() {
    return outcome == AgentOutcome.ANSWERED;
  }

  /** The tokens of all model calls of the run. */
  public TokenUsage usage() {
    return trace.usage();
  }
}
