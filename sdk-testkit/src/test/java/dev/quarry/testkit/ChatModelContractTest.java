package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import org.junit.jupiter.api.Test;

/** The contract must fail broken models, not only pass good ones. */
class ChatModelContractTest {

  private static ChatModelContract suiteFor(ChatModel model) {
    return new ChatModelContract() {
      @Override
      protected ChatModel model() {
        return model;
      }
    };
  }

  private static ChatModel answering(String text, TokenUsage usage) {
    return request -> {
      if (request == null) {
        throw new IllegalArgumentException("chat request must not be null");
      }
      return new ChatResponse(AssistantMessage.of(text), usage, FinishReason.STOP);
    };
  }

  @Test
  void failsAModelThatReportsOutputButNoInputTokens() {
    ChatModelContract suite = suiteFor(answering("hello", new TokenUsage(0, 1)));

    assertThatThrownBy(suite::reportsUsageThatIsUnknownOrCountsThePrompt).isInstanceOf(AssertionError.class);
  }

  @Test
  void acceptsUnknownUsage() {
    ChatModelContract suite = suiteFor(answering("hello", TokenUsage.ZERO));

    assertThatCode(suite::reportsUsageThatIsUnknownOrCountsThePrompt).doesNotThrowAnyException();
  }

  @Test
  void failsAModelThatThrowsSomethingElseForANullRequest() {
    ChatModel npe =
        request -> new ChatResponse(AssistantMessage.of(request.toString()), TokenUsage.ZERO, FinishReason.STOP);

    assertThatThrownBy(suiteFor(npe)::rejectsANullRequest).isInstanceOf(AssertionError.class);
  }

  @Test
  void failsAModelThatBreaksUnderConcurrentCallers() {
    ScriptedChatModel oneReply = ScriptedChatModel.builder().reply("hello").build();

    assertThatThrownBy(suiteFor(oneReply)::answersConcurrentCallers).isInstanceOf(Exception.class);
  }
}
