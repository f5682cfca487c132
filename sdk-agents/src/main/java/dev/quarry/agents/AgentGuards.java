package dev.quarry.agents;

import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.guardrails.GuardResult;
import dev.quarry.guardrails.TextGuard;
import java.util.Optional;
import java.util.function.Function;

/**
 * The guards of an agent: one on the user's message before the model sees it, one on each tool result before it
 * joins the conversation. Immutable; thread-safe if the guards are.
 */
final class AgentGuards {
  private final Optional<TextGuard> input;
  private final Optional<TextGuard> toolResults;

  AgentGuards(Optional<TextGuard> input, Optional<TextGuard> toolResults) {
    this.input = input;
    this.toolResults = toolResults;
  }

  /**
   * The user's message as the input guard leaves it.
   *
   * @throws RunStopped with {@link AgentOutcome#BLOCKED} when the guard blocks it
   */
  String input(String message) throws RunStopped {
    if (input.isEmpty()) {
      return message;
    }
    return switch (checked(input.get(), message, "input")) {
      case GuardResult.Allow allow -> message;
      case GuardResult.Transform transform -> transform.text();
      case GuardResult.Block block ->
          throw new RunStopped(AgentOutcome.BLOCKED, "the input guard blocked the message: " + block.reason());
    };
  }

  /** {@code executor} with each result as the tool-result guard leaves it: changed, or withheld as an error. */
  Function<ToolCall, ToolOutcome> toolResults(Function<ToolCall, ToolOutcome> executor) {
    if (toolResults.isEmpty()) {
      return executor;
    }
    TextGuard guard = toolResults.get();
    return call -> {
      ToolOutcome outcome = executor.apply(call);
      return switch (checked(guard, outcome.content(), "tool-result")) {
        case GuardResult.Allow allow -> outcome;
        case GuardResult.Transform transform -> new ToolOutcome(outcome.callId(), outcome.toolName(),
            transform.text(), outcome.error(), outcome.duration());
        case GuardResult.Block block -> new ToolOutcome(outcome.callId(), outcome.toolName(),
            "the result of tool '" + call.name() + "' was withheld by a guard: " + block.reason(), true,
            outcome.duration());
      };
    };
  }

  private static GuardResult checked(TextGuard guard, String text, String which) {
    GuardResult result = guard.check(text);
    if (result == null) {
      throw new IllegalStateException("the " + which + " guard returned null instead of a result");
    }
    return result;
  }
}
