package dev.quarry.api.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestTest {
  private static final UserMessage HELLO = new UserMessage("Hello");
  private static final ToolSpec SEARCH = new ToolSpec("search", "Searches the docs", "{\"type\":\"object\"}");

  @Test
  void copiesTheCallersMessages() {
    List<Message> messages = new ArrayList<>(List.of(HELLO));
    ChatRequest request = ChatRequest.builder(messages).build();

    messages.add(new UserMessage("again"));

    assertThat(request.messages()).containsExactly(HELLO);
    assertThatThrownBy(() -> request.messages().add(HELLO)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copiesTheCallersTools() {
    List<ToolSpec> tools = new ArrayList<>(List.of(SEARCH));
    ChatRequest request = ChatRequest.builder(List.of(HELLO)).tools(tools).build();

    tools.add(new ToolSpec("other", "", "{}"));

    assertThat(request.tools()).containsExactly(SEARCH);
    assertThatThrownBy(() -> request.tools().add(SEARCH)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void unsetOptionsAreEmpty() {
    ChatRequest request = ChatRequest.of(HELLO);

    assertThat(request.messages()).containsExactly(HELLO);
    assertThat(request.tools()).isEmpty();
    assertThat(request.temperature()).isEmpty();
    assertThat(request.maxOutputTokens()).isEmpty();
  }

  @Test
  void keepsTheOptionsThatWereSet() {
    ChatRequest request =
        ChatRequest.builder(List.of(HELLO)).tools(List.of(SEARCH)).temperature(0.2).maxOutputTokens(100).build();

    assertThat(request.tools()).containsExactly(SEARCH);
    assertThat(request.temperature()).hasValue(0.2);
    assertThat(request.maxOutputTokens()).hasValue(100);
  }

  @Test
  void rejectsAnEmptyConversation() {
    assertThatThrownBy(() -> ChatRequest.builder(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a chat request needs at least one message");
    assertThatThrownBy(() -> ChatRequest.builder(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("messages must not be null");
  }

  @Test
  void rejectsANullMessage() {
    List<Message> withNull = new ArrayList<>(List.of(HELLO));
    withNull.add(null);

    assertThatThrownBy(() -> ChatRequest.builder(withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("messages must not contain null (index 1)");
  }

  @Test
  void rejectsDuplicateToolNames() {
    ToolSpec again = new ToolSpec("search", "Another search", "{}");

    assertThatThrownBy(() -> ChatRequest.builder(List.of(HELLO)).tools(List.of(SEARCH, again)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool name 'search' is used twice");
  }

  @Test
  void acceptsTemperatureAtBothEndsOfTheRange() {
    assertThat(ChatRequest.builder(List.of(HELLO)).temperature(0).build().temperature()).hasValue(0);
    assertThat(ChatRequest.builder(List.of(HELLO)).temperature(2).build().temperature()).hasValue(2);
  }

  @Test
  void rejectsTemperatureOutOfRange() {
    ChatRequest.Builder builder = ChatRequest.builder(List.of(HELLO));

    assertThatThrownBy(() -> builder.temperature(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("temperature must be in [0, 2], was -0.1");
    assertThatThrownBy(() -> builder.temperature(2.01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("temperature must be in [0, 2], was 2.01");
    assertThatThrownBy(() -> builder.temperature(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("temperature must be in [0, 2], was NaN");
  }

  @Test
  void rejectsNonPositiveMaxOutputTokens() {
    assertThatThrownBy(() -> ChatRequest.builder(List.of(HELLO)).maxOutputTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxOutputTokens must be > 0, was 0");
  }

  @Test
  void toStringNamesTheTools() {
    ChatRequest request = ChatRequest.builder(List.of(HELLO)).tools(List.of(SEARCH)).build();

    assertThat(request.toString()).contains("tools=[search]").doesNotContain("Searches the docs");
  }
}
