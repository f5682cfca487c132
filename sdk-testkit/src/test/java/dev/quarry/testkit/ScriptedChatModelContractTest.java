package dev.quarry.testkit;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import org.junit.jupiter.api.Nested;

/** Runs the chat model contract against both ways of scripting a {@link ScriptedChatModel}. */
class ScriptedChatModelContractTest {

  @Nested
  class FromAQueueOfReplies extends ChatModelContract {
    @Override
    protected ChatModel model() {
      ScriptedChatModel.Builder builder = ScriptedChatModel.builder();
      for (int i = 0; i < CONCURRENT_CALLS; i++) {
        builder.reply("Hello.");
      }
      return builder.build();
    }
  }

  @Nested
  class FromAnAnsweringFunction extends ChatModelContract {
    @Override
    protected ChatModel model() {
      return ScriptedChatModel.answering(
          request ->
              new ChatResponse(
                  AssistantMessage.of("Hello."),
                  new TokenUsage(request.messages().size(), 1),
                  FinishReason.STOP));
    }
  }
}
