package dev.quarry.observation;

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
import dev.quarry.testkit.HashingEmbeddingModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenAiMetersTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ObservationRegistry registry = GenAiMeters.observationRegistry(meters);

  @Test
  void chatCallsRecordDurationTokensAndCost() {
    PriceTable prices = PriceTable.builder(Currency.getInstance("USD"))
        .model("gpt-x", new BigDecimal("1"), new BigDecimal("2")).build();
    ChatModel chat = ObservedChatModel.builder(
            request -> new ChatResponse(AssistantMessage.of("ok"), new TokenUsage(100, 40), FinishReason.STOP),
            registry)
        .provider("openai").model("gpt-x").prices(prices).build();

    chat.chat(ChatRequest.of(new UserMessage("a")));
    chat.chat(ChatRequest.of(new UserMessage("b")));

    Timer duration = meters.get(GenAiMeters.OPERATION_DURATION).tag("gen_ai.operation.name", "chat")
        .tag("gen_ai.provider.name", "openai").tag("gen_ai.request.model", "gpt-x").tag("error.type", "none")
        .timer();
    assertThat(duration.count()).isEqualTo(2);
    DistributionSummary input = meters.get(GenAiMeters.TOKEN_USAGE).tag("gen_ai.token.type", "input").summary();
    DistributionSummary output = meters.get(GenAiMeters.TOKEN_USAGE).tag("gen_ai.token.type", "output").summary();
    assertThat(input.totalAmount()).isEqualTo(200);
    assertThat(output.totalAmount()).isEqualTo(80);
    assertThat(meters.get(GenAiMeters.COST).tag("currency", "USD").counter().count())
        .isCloseTo(2 * (100 * 1 + 40 * 2) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    // the observation's own timer, from Micrometer's default handler
    assertThat(meters.get(ObservationNames.MODEL_CALL).tag("error.type", "none").timer().count()).isEqualTo(2);
  }

  @Test
  void failuresAreCountedByType() {
    ChatModel chat = ObservedChatModel.builder(request -> {
      throw new RetriableException("429");
    }, registry).provider("openai").model("gpt-x").build();

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> chat.chat(ChatRequest.of(new UserMessage("a"))))
          .isInstanceOf(RetriableException.class);
    }

    assertThat(meters.get(GenAiMeters.OPERATION_DURATION).tag("error.type", "RetriableException").timer().count())
        .isEqualTo(3);
    assertThat(meters.find(GenAiMeters.TOKEN_USAGE).meters()).isEmpty();
  }

  @Test
  void embeddingCallsRecordDurationWithoutTokens() {
    ObservedEmbeddingModel.of(new HashingEmbeddingModel(8), registry, "onnx", "minilm").embedDocuments(List.of("x"));

    assertThat(meters.get(GenAiMeters.OPERATION_DURATION).tag("gen_ai.operation.name", "embeddings").timer().count())
        .isEqualTo(1);
    assertThat(meters.find(GenAiMeters.TOKEN_USAGE).meters()).isEmpty();
  }

  @Test
  void aMissingMeterRegistryIsRefused() {
    assertThatThrownBy(() -> new GenAiMeters(null)).hasMessageContaining("meter registry");
  }
}
