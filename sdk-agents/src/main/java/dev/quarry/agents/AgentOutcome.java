package dev.quarry.agents;

/**
 * How an agent run ended. Only {@link #ANSWERED} carries an answer; every other outcome names the limit or
 * failure that stopped the run, and {@link AgentResult#message()} explains it in a sentence.
 */
public enum AgentOutcome {
  /** The model gave a final answer. */
  ANSWERED,
  /** The model was called {@code maxSteps} times without giving a final answer. */
  MAX_STEPS,
  /** The run's wall time ran out, while waiting for the model, for tools, or between them. */
  WALL_TIME,
  /** The tokens used reached {@code maxTotalTokens}. */
  TOKEN_LIMIT,
  /** {@code maxToolErrors} tool calls in a row failed. */
  TOOL_ERRORS,
  /** The chat model threw (see {@link AgentResult#error()}) or returned no usable reply. */
  MODEL_FAILED,
  /** The planner's model wrote no valid plan, even after the repair rounds. */
  PLAN_INVALID,
  /** The thread that called {@code run} was interrupted; its interrupt flag is set again. */
  INTERRUPTED,
  /** The input guard blocked the user's message: no model was called and nothing joined the memory. */
  BLOCKED
}
