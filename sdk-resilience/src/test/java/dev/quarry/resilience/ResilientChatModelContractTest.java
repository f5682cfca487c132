package dev.quarry.resilience;

import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.testkit.ChatModelContract;
import dev.quarry.testkit.ScriptedChatModel;
import org.junit.jupiter.api.Nested;

/** Runs the chat model contract against the resilient wrapper and the fallback chain. */
class ResilientChatModelContractTest {

  private static ScriptedChatModel answering() {
    return ScriptedChatModel.answering(request ->
        new ChatResponse(
            AssistantMessage.of("Hello."), new TokenUsage(request.messages().size(), 1), FinishReason.STOP));
  }

  @Nested
  class WithTheDefaultPolicy extends ChatModelContract {
    @Override
    protected ChatModel model() {
      return Resilient.chatModel(answering(), ResiliencePolicy.builder("contract").build());
    }
  }

  @Nested
  class AfterARetry extends ChatModelContract {
    @Override
    protected ChatModel model() {
      ScriptedChatModel flaky = ScriptedChatModel.builder()
          .fail(new RetriableException("rate limited"))
          .answering(request -> new ChatResponse(AssistantMessage.of("Hello."), TokenUsage.ZERO, FinishReason.STOP))
          .build();
      return Resilient.chatModel(flaky, TestPolicies.recording(new RecordingSleeper()).build());
    }
  }

  @Nested
  class AsAFallbackChain extends ChatModelContract {
    @Override
    protected ChatModel model() {
      return FallbackChatModel.builder()
          .then("down", FlakyChatModel.failingWith(call -> new RetriableException("503")))
          .then("up", answering())
          .build();
    }
  }
}
