package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNonBlank;

/**
 * A model's request to run a tool.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id identifier chosen by the model or provider, echoed in the {@link ToolResultMessage}
 * @param name the tool's name, as in its {@link ToolSpec}
 * @param argumentsJson the arguments as a JSON object text, unparsed (the model may have written invalid
 *     JSON; the agent validates it)
 */
public record ToolCall(String id, String name, String argumentsJson) {
  public ToolCall {
    requireNonBlank(id, "tool call id");
    requireNonBlank(name, "tool call name");
    requireNonBlank(argumentsJson, "tool call arguments");
  }
}
