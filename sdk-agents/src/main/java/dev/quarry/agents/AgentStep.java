package dev.quarry.agents;

import java.time.Duration;

/**
 * One step of an agent run: a call of the chat model ({@link ModelStep}) or of a tool ({@link ToolStep}).
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface AgentStep permits ModelStep, ToolStep {

  /** The step's position in the trace, from 1. */
  int number();

  /** How long the step took. */
  Duration duration();
}
