package dev.quarry.api.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

  /** Compiles only while the switch is exhaustive, which the sealed hierarchy guarantees. */
  private static String kind(Message message) {
    return switch (message) {
      case SystemMessage s -> "system";
      case UserMessage u -> "user";
      case AssistantMessage a -> "assistant";
      case ToolResultMessage t -> "tool";
    };
  }

  @Test
  void everyMessageKindIsCoveredByAnExhaustiveSwitch() {
    List<Message> conversation =
        List.of(
            new SystemMessage("Be brief."),
            new UserMessage("Weather?"),
            new AssistantMessage("", List.of(new ToolCall("c1", "weather", "{}"))),
            new ToolResultMessage("c1", "weather", "{\"sky\":\"clear\"}", false));

    assertThat(conversation).map(MessageTest::kind).containsExactly("system", "user", "assistant", "tool");
  }

  @Test
  void userAndSystemMessagesRejectBlankText() {
    assertThatThrownBy(() -> new UserMessage(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user message text must not be blank");
    assertThatThrownBy(() -> new SystemMessage(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("system message text must not be blank");
  }

  @Test
  void toolCallRejectsBlankParts() {
    assertThatThrownBy(() -> new ToolCall("", "search", "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool call id must not be blank");
    assertThatThrownBy(() -> new ToolCall("c1", " ", "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool call name must not be blank");
    assertThatThrownBy(() -> new ToolCall("c1", "search", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool call arguments must not be blank");
  }

  @Test
  void toolResultAllowsEmptyContentButNotBlankIds() {
    assertThat(new ToolResultMessage("c1", "search", "", false).content()).isEmpty();
    assertThatThrownBy(() -> new ToolResultMessage(" ", "search", "x", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool call id must not be blank");
    assertThatThrownBy(() -> new ToolResultMessage("c1", "", "x", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool name must not be blank");
    assertThatThrownBy(() -> new ToolResultMessage("c1", "search", null, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool result content must not be null");
  }

  @Test
  void chatResponseRejectsMissingParts() {
    AssistantMessage answer = AssistantMessage.of("ok");

    assertThatThrownBy(() -> new ChatResponse(null, TokenUsage.ZERO, FinishReason.STOP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("response message must not be null");
    assertThatThrownBy(() -> new ChatResponse(answer, null, FinishReason.STOP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("response usage must not be null");
    assertThatThrownBy(() -> new ChatResponse(answer, TokenUsage.ZERO, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("response finish reason must not be null");
  }
}
