package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNonBlank;
import static dev.quarry.api.internal.Checks.requireNonNull;

/**
 * The result of running a tool the model asked for, sent back to the model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param toolCallId the {@link ToolCall#id()} this answers
 * @param toolName the tool that ran
 * @param content the result, usually JSON, or the error text when {@code error} is true
 * @param error whether the tool failed (bad arguments, exception, timeout) so the model may correct itself
 */
public record ToolResultMessage(String toolCallId, String toolName, String content, boolean error)
    implements Message {
  public ToolResultMessage {
    requireNonBlank(toolCallId, "tool call id");
    requireNonBlank(toolName, "tool name");
    requireNonNull(content, "tool result content");
  }
}
