package dev.quarry.agents;

import dev.quarry.api.chat.TokenUsage;
import java.time.Duration;
import java.util.List;

/**
 * Everything a run did, in order: each model call with the messages sent, the reply and its usage, and
 * each tool call with its arguments, result and duration.
 *
 * <p>Immutable and thread-safe.
 *
 * @param steps the steps, in the order they were recorded
 * @param duration the run's wall time, from the start of {@code run} to its result
 */
public record AgentTrace(List<AgentStep> steps, Duration duration) {
  public AgentTrace {
    steps = List.copyOf(Checks.requireNoNulls(steps, "steps"));
    Checks.requireNonNull(duration, "duration");
  }

  /** The model calls, in order. */
  public List<ModelStep> modelSteps() {
    return steps.stream().filter(ModelStep.class::isInstance).map(ModelStep.class::cast).toList();
  }

  /** The tool calls, in order. */
  public List<ToolStep> toolSteps() {
    return steps.stream().filter(ToolStep.class::isInstance).map(ToolStep.class::cast).toList();
  }

  /** The tokens of all model calls together. */
  public TokenUsage usage() {
    return modelSteps().stream().map(ModelStep::usage).reduce(TokenUsage.ZERO, TokenUsage::plus);
  }
}
