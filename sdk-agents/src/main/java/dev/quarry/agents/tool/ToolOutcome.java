package dev.quarry.agents.tool;

import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.internal.Checks;
import java.time.Duration;

/**
 * What running one tool call produced: the result text, or an error the model can read and correct.
 *
 * <p>Immutable and thread-safe.
 *
 * @param callId the {@link dev.quarry.api.chat.ToolCall#id()} this answers
 * @param toolName the tool the model asked for (possibly unknown)
 * @param content the result (JSON, or the method's String as-is, or {@code ok} for void) or the error text
 * @param error whether the call failed: unknown tool, bad arguments, or an exception from the tool
 * @param duration how long binding, running and serialising took
 */
public record ToolOutcome(
    String callId, String toolName, String content, boolean error, Duration duration) {
  public ToolOutcome {
    Checks.requireNonNull(callId, "callId");
    Checks.requireNonNull(toolName, "toolName");
    Checks.requireNonNull(content, "content");
    Checks.requireNonNull(duration, "duration");
  }

  /** The message that sends this outcome back to the model. */
  public ToolResultMessage toMessage() {
    return new ToolResultMessage(callId, toolName, content, error);
  }
}
