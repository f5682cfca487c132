package dev.quarry.agents;

import dev.quarry.api.chat.ToolCall;

/**
 * Decides whether an agent may call a tool with side effects ({@link dev.quarry.agents.tool.Tool#sideEffects()})
 * that the user's message did not ask for directly: one the model calls after tool results came in, which may
 * carry text from documents, web pages or other tools written by anyone. Ask the user, check a policy, or refuse.
 *
 * <p>Called on the thread that runs the agent, before the batch of calls runs, one call at a time; a refused call
 * is not run, and the model reads why. An exception from it counts as a refusal. The run's wall time keeps
 * running while it decides.
 */
@FunctionalInterface
public interface ToolApproval {

  /** Whether {@code call} may run. */
  boolean approve(ToolCall call);
}
