package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNoNulls;
import static dev.quarry.api.internal.Checks.requireNonNull;

import java.util.List;

/**
 * What the model said: text, tool calls, or both. A message with neither is rejected.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the model's text; may be empty only when it calls tools
 * @param toolCalls the tools the model asks to run, in order; empty when it only answers
 */
public record AssistantMessage(String text, List<ToolCall> toolCalls) implements Message {
  public AssistantMessage {
    requireNonNull(text, "assistant message text");
    toolCalls = List.copyOf(requireNoNulls(toolCalls, "assistant tool calls"));
    if (text.isBlank() && toolCalls.isEmpty()) {
      throw new IllegalArgumentException("an assistant message needs text or at least one tool call");
    }
  }

  /** A plain text answer. */
  public static AssistantMessage of(String text) {
    return new AssistantMessage(text, List.of());
  }

  /** Whether the model asks for tools to run. */
  public boolean hasToolCalls() {
    return !toolCalls.isEmpty();
  }
}
