package dev.quarry.resilience;

import static dev.quarry.resilience.TestPolicies.REQUEST;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.ManualClock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ObservationTest {
  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final RecordingSleeper sleeper = new RecordingSleeper();

  private ResiliencePolicy.Builder policy() {
    return TestPolicies.recording(sleeper).observationRegistry(registry);
  }

  @Test
  void observesASuccessAfterRetriesWithAnEventPerRetry() {
    ChatModel chat =
        Resilient.chatModel(new FlakyChatModel(2, call -> new RetriableException("503")), policy().build());

    chat.chat(REQUEST);

    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo("quarry.resilience", 1)
        .hasObservationWithNameEqualTo("quarry.resilience").that()
        .hasBeenStarted()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("quarry.resilience.policy", "test")
        .hasLowCardinalityKeyValue("quarry.resilience.operation", "chat")
        .hasLowCardinalityKeyValue("quarry.resilience.outcome", "success_after_retry")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasHighCardinalityKeyValue("quarry.attempts", "3")
        .hasEvent("quarry.retry")
        .doesNotHaveError();
  }

  @Test
  void observesAFirstTimeSuccessWithoutRetryEvents() {
    Resilient.chatModel(new FlakyChatModel(0, call -> new RetriableException("never")), policy().build()).chat(REQUEST);

    TestObservationRegistryAssert.assertThat(registry)
        .hasObservationWithNameEqualTo("quarry.resilience").that()
        .hasLowCardinalityKeyValue("quarry.resilience.outcome", "success")
        .hasHighCardinalityKeyValue("quarry.attempts", "1")
        .doesNotHaveEvent("quarry.retry");
  }

  @Test
  void observesAFailureWithItsType() {
    ChatModel chat = Resilient.chatModel(FlakyChatModel.failingWith(call -> new RetriableException("down")),
        policy().maxAttempts(2).build());

    assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(RetriableException.class);

    TestObservationRegistryAssert.assertThat(registry)
        .hasObservationWithNameEqualTo("quarry.resilience").that()
        .hasLowCardinalityKeyValue("quarry.resilience.outcome", "failure")
        .hasLowCardinalityKeyValue("error.type", "RetriableException")
        .hasHighCardinalityKeyValue("quarry.attempts", "2")
        .hasError();
  }

  @Test
  void observesATimeout() {
    HangingChatModel model = HangingChatModel.hanging(Integer.MAX_VALUE);
    ChatModel chat = Resilient.chatModel(model, policy().maxAttempts(1).timeout(Duration.ofMillis(30)).build());
    try {
      assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(CallTimeoutException.class);
    } finally {
      model.release();
    }

    TestObservationRegistryAssert.assertThat(registry)
        .hasObservationWithNameEqualTo("quarry.resilience").that()
        .hasLowCardinalityKeyValue("quarry.resilience.outcome", "timeout")
        .hasLowCardinalityKeyValue("error.type", "CallTimeoutException");
  }

  @Test
  void observesAnOpenCircuit() {
    ChatModel chat = Resilient.chatModel(FlakyChatModel.failingWith(call -> new RetriableException("down")),
        policy().maxAttempts(1).clock(new ManualClock()).slidingWindowSize(1).minimumCalls(1).build());
    assertThatThrownBy(() -> chat.chat(REQUEST)).isNotInstanceOf(CircuitOpenException.class);
    registry.clear();

    assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(CircuitOpenException.class);

    TestObservationRegistryAssert.assertThat(registry)
        .hasObservationWithNameEqualTo("quarry.resilience").that()
        .hasLowCardinalityKeyValue("quarry.resilience.outcome", "circuit_open")
        .hasLowCardinalityKeyValue("error.type", "CircuitOpenException");
  }

  @Test
  void namesTheEmbeddingOperations() {
    var model = Resilient.embeddingModel(new HashingEmbeddingModel(8), policy().build());

    model.embedDocuments(List.of("a"));
    model.embedQuery("a");

    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo("quarry.resilience", 2)
        .hasAnObservationWithAKeyValue("quarry.resilience.operation", "embed_documents")
        .hasAnObservationWithAKeyValue("quarry.resilience.operation", "embed_query");
  }

  @Test
  void namesTheRerankOperation() {
    Resilient.reranker((query, passages) -> new float[passages.size()], policy().build()).score("q", List.of("p"));

    TestObservationRegistryAssert.assertThat(registry)
        .hasObservationWithNameEqualTo("quarry.resilience").that()
        .hasLowCardinalityKeyValue("quarry.resilience.operation", "rerank");
  }

  @Test
  void isAChildOfTheCallersObservationAndTheParentOfTheModels() {
    AtomicReference<Observation> seenByModel = new AtomicReference<>();
    ChatModel model = request -> {
      seenByModel.set(registry.getCurrentObservation());
      return FlakyChatModel.reply("hi");
    };
    ChatModel chat = Resilient.chatModel(model, policy().build());
    Observation parent = Observation.createNotStarted("rag.answer", registry);

    parent.observe(() -> chat.chat(REQUEST));

    TestObservationRegistryAssert.assertThat(registry)
        .hasObservationWithNameEqualTo("quarry.resilience").that()
        .hasParentObservationEqualTo(parent)
        .hasBeenStopped();
    org.assertj.core.api.Assertions.assertThat(seenByModel.get().getContextView().getName())
        .isEqualTo("quarry.resilience");
  }

  @Test
  void observesAFallbackWithTheAnsweringModelAndAnEventPerSkippedModel() {
    ChatModel chain = FallbackChatModel.builder()
        .then("gpt-4o", Resilient.chatModel(FlakyChatModel.failingWith(call -> new RetriableException("down")),
            policy().maxAttempts(1).build()))
        .then("local-llama", new FlakyChatModel(0, call -> new RetriableException("never")))
        .observationRegistry(registry)
        .build();

    chain.chat(REQUEST);

    TestObservationRegistryAssert.assertThat(registry)
        .hasObservationWithNameEqualTo("quarry.fallback").that()
        .hasLowCardinalityKeyValue("quarry.fallback.model", "local-llama")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasEvent("quarry.fallback.skip", "gpt-4o failed with RetriableException")
        .hasBeenStopped()
        .backToTestObservationRegistry()
        .hasObservationWithNameEqualTo("quarry.resilience").that()
        .hasParentObservationContextMatching(parent -> parent.getName().equals("quarry.fallback"));
  }

  @Test
  void observesAFallbackChainWhereNoModelAnswered() {
    ChatModel chain = FallbackChatModel.builder()
        .then("a", FlakyChatModel.failingWith(call -> new RetriableException("down")))
        .then("b", FlakyChatModel.failingWith(call -> new RetriableException("down")))
        .observationRegistry(registry)
        .build();

    assertThatThrownBy(() -> chain.chat(REQUEST)).isInstanceOf(RetriableException.class);

    TestObservationRegistryAssert.assertThat(registry)
        .hasObservationWithNameEqualTo("quarry.fallback").that()
        .hasLowCardinalityKeyValue("quarry.fallback.model", "none")
        .hasLowCardinalityKeyValue("error.type", "RetriableException")
        .hasEvent("quarry.fallback.skip", "a failed with RetriableException")
        .hasEvent("quarry.fallback.skip", "b failed with RetriableException")
        .hasError();
  }
}
