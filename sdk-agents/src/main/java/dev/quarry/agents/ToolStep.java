package dev.quarry.agents;

import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.api.chat.ToolCall;
import java.time.Duration;

/**
 * A tool call and what it produced: the result, or the error sent back to the model (unknown tool, invalid
 * arguments, an exception from the tool, a timeout).
 *
 * <p>Immutable and thread-safe.
 *
 * @param number the step's position in the trace, from 1
 * @param call the call, with the model's arguments as it wrote them
 * @param outcome the result or error text, as the model received it
 */
public record ToolStep(int number, ToolCall call, ToolOutcome outcome) implements AgentStep {
  public ToolStep {
    Checks.requireNonNull(call, "call");
    Checks.requireNonNull(outcome, "outcome");
  }

  /** Whether the call failed. */
  public boolean failed() {
    return outcome.error();
  }

  /** How long the tool ran, up to its timeout when it was abandoned. */
  @Override
  public Duration duration() {
    return outcome.duration();
  }
}
