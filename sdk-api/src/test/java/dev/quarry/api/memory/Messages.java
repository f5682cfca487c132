package dev.quarry.api.memory;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import java.util.Arrays;

/** Short factories for test conversations. */
final class Messages {
  private Messages() {}

  /** An assistant message that calls the tool {@code lookup} once per id. */
  static AssistantMessage calls(String... ids) {
    return new AssistantMessage(
        "", Arrays.stream(ids).map(id -> new ToolCall(id, "lookup", "{\"q\": \"" + id + "\"}")).toList());
  }

  static ToolResultMessage result(String id, String content) {
    return new ToolResultMessage(id, "lookup", content, false);
  }
}
