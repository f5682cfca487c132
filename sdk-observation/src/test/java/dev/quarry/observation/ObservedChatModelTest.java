package dev.quarry.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.testkit.ChatModelContract;
import dev.quarry.testkit.ScriptedChatModel;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ObservedChatModelTest {
  private static final Currency USD = Currency.getInstance("USD");
  private final TestObservationRegistry registry = TestObservationRegistry.create();

  private static ChatModel replying(int in, int out) {
    return request -> new ChatResponse(AssistantMessage.of("Hi."), new TokenUsage(in, out), FinishReason.STOP);
  }

  @Test
  void aCallIsObservedWithTheGenAiKeysAndUsage() {
    ChatModel chat = ObservedChatModel.builder(replying(120, 30), registry).provider("openai").model("gpt-x").build();

    chat.chat(ChatRequest.builder(java.util.List.of(new UserMessage("hello"))).maxOutputTokens(64).build());

    assertThat(registry).hasSingleObservationThat()
        .hasNameEqualTo(ObservationNames.MODEL_CALL)
        .hasContextualNameEqualTo("chat gpt-x")
        .hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
        .hasLowCardinalityKeyValue("gen_ai.provider.name", "openai")
        .hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-x")
        .hasLowCardinalityKeyValue("gen_ai.response.finish_reasons", "stop")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "120")
        .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "30")
        .hasHighCardinalityKeyValue("gen_ai.request.max_tokens", "64")
        .doesNotHaveHighCardinalityKeyValueWithKey("quarry.cost")
        .hasBeenStarted()
        .hasBeenStopped();
  }

  @Test
  void theReplyNamesTheModelUnlessItAlreadyDid() {
    ChatModel chat = ObservedChatModel.builder(replying(1, 1), registry).model("gpt-x").build();
    assertThat(chat.chat(ChatRequest.of(new UserMessage("q"))).metadata()).containsEntry(ChatResponse.MODEL, "gpt-x");

    ChatModel named = ObservedChatModel.builder(
        request -> replying(1, 1).chat(request).withMetadata(ChatResponse.MODEL, "fallback-b"), registry)
        .model("chain").build();
    assertThat(named.chat(ChatRequest.of(new UserMessage("q"))).metadata())
        .containsEntry(ChatResponse.MODEL, "fallback-b");
  }

  @Test
  void aFailureIsRecordedWithItsTypeAndRethrown() {
    RetriableException limit = new RetriableException("rate limited");
    ChatModel chat = ObservedChatModel.builder(ScriptedChatModel.builder().fail(limit).build(), registry)
        .provider("openai").model("gpt-x").build();

    assertThatThrownBy(() -> chat.chat(ChatRequest.of(new UserMessage("q")))).isSameAs(limit);
    assertThat(registry).hasSingleObservationThat()
        .hasLowCardinalityKeyValue("error.type", "RetriableException")
        .hasLowCardinalityKeyValue("gen_ai.response.finish_reasons", "none")
        .hasError(limit)
        .hasBeenStopped();
  }

  @Test
  void aPricedCallCarriesItsCostAndAddsItToTheNearestCostingContext() {
    PriceTable prices = PriceTable.builder(USD)
        .model("gpt-x", new BigDecimal("0.15"), new BigDecimal("0.60")).build();
    ChatModel chat = ObservedChatModel.builder(replying(1_000, 500), registry).model("gpt-x").prices(prices).build();
    CostingContext answer = new CostingContext();

    Observations.run(Observation.createNotStarted("test.answer", () -> answer, registry), () -> {
      chat.chat(ChatRequest.of(new UserMessage("one")));
      chat.chat(ChatRequest.of(new UserMessage("two")));
    });

    // 1000 * 0.15 / 1e6 + 500 * 0.60 / 1e6 = 0.00045 per call
    assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.MODEL_CALL)
        .hasHighCardinalityKeyValue("quarry.cost", "0.00045 USD"));
    assertThat(answer.cost()).hasValueSatisfying(cost -> {
      assertThat(cost.amount()).isEqualByComparingTo("0.0009");
      assertThat(cost.currency()).isEqualTo(USD);
    });
  }

  @Test
  void aNoopRegistryOnlyPassesTheCallThrough() {
    ChatModel chat = ObservedChatModel.builder(replying(3, 4), ObservationRegistry.NOOP).model("m").build();
    ChatResponse reply = chat.chat(ChatRequest.of(new UserMessage("q")));
    assertThat(reply.usage()).isEqualTo(new TokenUsage(3, 4));
    assertThat(reply.metadata()).containsEntry(ChatResponse.MODEL, "m");
  }

  @Test
  void aNullReplyIsNamedAsTheModelsFault() {
    ChatModel chat = ObservedChatModel.builder(request -> null, registry).model("broken").build();
    assertThatThrownBy(() -> chat.chat(ChatRequest.of(new UserMessage("q"))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken returned null");
  }

  @Test
  void badOptionsAreRefusedByName() {
    assertThatThrownBy(() -> ObservedChatModel.builder(null, registry))
        .hasMessageContaining("chat model and observation registry");
    assertThatThrownBy(() -> ObservedChatModel.builder(replying(1, 1), registry).model(" "))
        .hasMessageContaining("model name");
    assertThatThrownBy(() -> ObservedChatModel.builder(replying(1, 1), registry).provider(null))
        .hasMessageContaining("provider name");
    assertThatThrownBy(() -> ObservedChatModel.builder(replying(1, 1), registry).prices(null))
        .hasMessageContaining("price table");
  }

  @Nested
  class Contract extends ChatModelContract {
    @Override
    protected ChatModel model() {
      return ObservedChatModel.builder(ScriptedChatModel.answering(
              request -> new ChatResponse(AssistantMessage.of("Hello."), new TokenUsage(1, 1), FinishReason.STOP)),
          TestObservationRegistry.create()).model("scripted").build();
    }
  }
}
