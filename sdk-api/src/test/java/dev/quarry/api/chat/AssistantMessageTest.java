package dev.quarry.api.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssistantMessageTest {
  private static final ToolCall CALL = new ToolCall("call-1", "search", "{\"q\":\"cats\"}");

  @Test
  void copiesTheCallersToolCalls() {
    List<ToolCall> calls = new ArrayList<>(List.of(CALL));
    AssistantMessage message = new AssistantMessage("", calls);

    calls.add(new ToolCall("call-2", "search", "{}"));

    assertThat(message.toolCalls()).containsExactly(CALL);
  }

  @Test
  void exposesImmutableToolCalls() {
    AssistantMessage message = new AssistantMessage("", List.of(CALL));

    assertThatThrownBy(() -> message.toolCalls().add(CALL)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void plainTextAnswerHasNoToolCalls() {
    AssistantMessage message = AssistantMessage.of("Paris.");

    assertThat(message.text()).isEqualTo("Paris.");
    assertThat(message.toolCalls()).isEmpty();
    assertThat(message.hasToolCalls()).isFalse();
  }

  @Test
  void mayCarryTextAndToolCallsTogether() {
    AssistantMessage message = new AssistantMessage("Let me look.", List.of(CALL));

    assertThat(message.hasToolCalls()).isTrue();
    assertThat(message.text()).isEqualTo("Let me look.");
  }

  @Test
  void rejectsAMessageWithNeitherTextNorToolCalls() {
    assertThatThrownBy(() -> AssistantMessage.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an assistant message needs text or at least one tool call");
  }

  @Test
  void rejectsABlankAnswerWithoutToolCalls() {
    assertThatThrownBy(() -> AssistantMessage.of("  \n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs text or at least one tool call");
    assertThat(new AssistantMessage(" ", List.of(CALL)).toolCalls()).containsExactly(CALL);
  }

  @Test
  void rejectsNullTextAndNullToolCalls() {
    assertThatThrownBy(() -> new AssistantMessage(null, List.of(CALL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("assistant message text must not be null");
    assertThatThrownBy(() -> new AssistantMessage("hi", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("assistant tool calls must not be null");
    List<ToolCall> withNull = new ArrayList<>(List.of(CALL));
    withNull.add(null);
    assertThatThrownBy(() -> new AssistantMessage("hi", withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("assistant tool calls must not contain null (index 1)");
  }
}
