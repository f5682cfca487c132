package dev.quarry.agents;

import java.time.Duration;

/**
 * One step of an agent run: a call of the chat model that replied ({@link ModelStep}) or brought no reply
 * ({@link FailedModelStep}), or a call of a tool ({@link ToolStep}).
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface AgentStep permits ModelStep, FailedModelStep, ToolStep {

  /** The step's position in the trace, from 1. */
  int number();

  /** How long the step took. */
  Duration duration();
}
