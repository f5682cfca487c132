package dev.quarry.rag.pipeline;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.document.Document;
import dev.quarry.api.store.VectorStore;
import dev.quarry.observation.ObservationNames;
import dev.quarry.observation.ObservedChatModel;
import dev.quarry.observation.ObservedEmbeddingModel;
import dev.quarry.observation.ObservedVectorStore;
import dev.quarry.observation.PriceTable;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.ScriptedChatModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One full hybrid {@code ask} observed through a {@link TestObservationRegistry}: every step and its parent. */
class RagObservationTest {
  private static final HashingEmbeddingModel MODEL = new HashingEmbeddingModel(64);

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final ConcurrentLinkedQueue<Observation.Context> stopped = new ConcurrentLinkedQueue<>();
  private final EmbeddedVectorStore vectors = EmbeddedVectorStore.builder(MODEL.dimension()).build();
  private final Bm25Index keywords = Bm25Index.builder().build();

  RagObservationTest() {
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        stopped.add(context);
      }
    });
  }

  @AfterEach
  void close() {
    keywords.close();
    vectors.close();
  }

  private Rag rag(ScriptedChatModel scripted) {
    VectorStore both = keywords.syncing(vectors);
    Ingestor.builder(MODEL, both).build().ingest(List.of(
        Document.of("light", "The lighthouse light flashes every ten seconds over the bay."),
        Document.of("keeper", "The keeper climbs one hundred steps to wind the clockwork.")));
    VectorStore observedStore = ObservedVectorStore.of(vectors, registry, "quarry");
    HybridRetriever hybrid = HybridRetriever.builder(
            DenseRetriever.builder(ObservedEmbeddingModel.of(MODEL, registry, "test", "hashing"), observedStore)
                .build(),
            Bm25Retriever.builder(keywords).build())
        .observationRegistry(registry)
        .build();
    PriceTable prices = PriceTable.builder(Currency.getInstance("USD"))
        .model("scripted", new BigDecimal("1"), new BigDecimal("4")).build();
    return Rag.builder(hybrid)
        .answerMode(AnswerMode.chat(
            ObservedChatModel.builder(scripted, registry).provider("test").model("scripted").prices(prices).build()))
        .observationRegistry(registry)
        .build();
  }

  @Test
  void oneAskIsObservedStepByStepUnderOneParent() {
    Rag rag = rag(ScriptedChatModel.builder().reply(new ChatResponse(
        AssistantMessage.of("It flashes every ten seconds [1]."), new TokenUsage(200, 50), FinishReason.STOP)).build());
    stopped.clear();
    registry.clear();

    Answer answer = rag.ask("How often does the light flash?");

    assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(ObservationNames.ASK, 1)
        .hasNumberOfObservationsWithNameEqualTo(ObservationNames.RETRIEVAL, 3)
        .hasNumberOfObservationsWithNameEqualTo(ObservationNames.MODEL_CALL, 2)
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.ASK)
        .hasLowCardinalityKeyValue("quarry.answer.mode", "chat")
        .hasLowCardinalityKeyValue("quarry.answer.kind", "generated")
        .hasLowCardinalityKeyValue("quarry.prompts", "rag-answer.v2")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "200")
        .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "50")
        .hasHighCardinalityKeyValue("quarry.cost", "0.0004 USD")); // 200 * 1e-6 + 50 * 4e-6
    assertThat(registry)
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.RETRIEVAL)
            .hasLowCardinalityKeyValue("quarry.retrieval.kind", "hybrid"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.RETRIEVAL)
            .hasLowCardinalityKeyValue("quarry.retrieval.kind", "dense")
            .hasLowCardinalityKeyValue("quarry.retrieval.leg", "1"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.RETRIEVAL)
            .hasLowCardinalityKeyValue("quarry.retrieval.kind", "keyword")
            .hasLowCardinalityKeyValue("quarry.retrieval.leg", "2"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.FUSION)
            .hasLowCardinalityKeyValue("quarry.fusion.method", "rrf"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.CONTEXT_PACKING)
            .hasHighCardinalityKeyValue("quarry.context.passages", "2"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.MODEL_CALL)
            .hasLowCardinalityKeyValue("gen_ai.operation.name", "embeddings"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.STORE)
            .hasLowCardinalityKeyValue("db.operation.name", "search"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.MODEL_CALL)
            .hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
            .hasHighCardinalityKeyValue("quarry.cost", "0.0004 USD"));

    // every step hangs under the one it ran in, across the hybrid's threads too
    Map<String, String> parentOf = stopped.stream().filter(c -> c.getParentObservation() != null)
        .collect(Collectors.toMap(RagObservationTest::label,
            c -> label((Observation.Context) c.getParentObservation().getContextView()), (a, b) -> a));
    assertThat(parentOf).containsEntry("retrieve hybrid", "ask")
        .containsEntry("retrieve dense", "retrieve hybrid")
        .containsEntry("retrieve keyword", "retrieve hybrid")
        .containsEntry("fuse rrf", "retrieve hybrid")
        .containsEntry("embeddings hashing", "retrieve dense")
        .containsEntry("search quarry", "retrieve dense")
        .containsEntry("pack context", "ask")
        .containsEntry("chat scripted", "ask");
    assertThat(stopped.stream().filter(c -> c.getParentObservation() == null).map(RagObservationTest::label))
        .containsExactly("ask");
    assertThat(answer.metadata()).containsEntry(Answer.COST, "0.0004 USD")
        .containsEntry(ChatResponse.MODEL, "scripted");
  }

  @Test
  void aFailedAskIsObservedWithTheFailuresType() {
    Rag rag = rag(ScriptedChatModel.builder().fail(new RetriableException("provider down")).build());
    registry.clear();

    assertThatThrownBy(() -> rag.ask("How often does the light flash?")).isInstanceOf(RetriableException.class);

    assertThat(registry)
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.ASK)
            .hasLowCardinalityKeyValue("error.type", "RetriableException")
            .hasLowCardinalityKeyValue("quarry.answer.kind", "none"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.MODEL_CALL)
            .hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
            .hasLowCardinalityKeyValue("error.type", "RetriableException"));
  }

  @Test
  void anUnobservedPipelineAnswersAsBefore() {
    Rag rag = Rag.builder(Bm25Retriever.builder(keywords).build()).build();
    keywords.syncing(vectors).upsert(List.of());
    assertThat(rag.ask("anything").kind()).isEqualTo(AnswerKind.NOT_FOUND);
    assertThat(rag.ask("anything").metadata()).isEmpty();
    assertThatThrownBy(() -> Rag.builder(query -> List.of()).observationRegistry(null))
        .hasMessageContaining("observation registry must not be null");
  }

  private static String label(Observation.ContextView context) {
    return context.getContextualName();
  }
}
