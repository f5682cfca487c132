package dev.quarry;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Document;
import dev.quarry.api.retrieval.Query;
import dev.quarry.observation.GenAiMeters;
import dev.quarry.observation.ObservationNames;
import dev.quarry.rag.pipeline.AnswerKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-object setup observed: ingest and ask with the bundled bge-small model (real). */
class QuarryObservationTest {
  private static final List<Document> DOCUMENTS = List.of(
      Document.of("tides", "The Moon's gravity pulls the oceans, causing two high tides a day."),
      Document.of("bread", "Bread dough rises because yeast ferments the sugars."));

  @Test
  void ingestAndAskAreObservedInEveryStep() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    try (Quarry quarry = Quarry.builder().observationRegistry(registry).build()) {
      quarry.ingest(DOCUMENTS);
      assertThat(registry)
          .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.MODEL_CALL)
              .hasLowCardinalityKeyValue("gen_ai.operation.name", "embeddings")
              .hasLowCardinalityKeyValue("gen_ai.provider.name", "onnx")
              .hasLowCardinalityKeyValue("gen_ai.request.model", "BGE_SMALL_EN_V15")
              .hasHighCardinalityKeyValue("quarry.inputs", "2"))
          .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.STORE)
              .hasLowCardinalityKeyValue("db.operation.name", "upsert")
              .hasLowCardinalityKeyValue("db.system.name", "quarry"));
      registry.clear();

      assertThat(quarry.ask("Why are there two high tides a day?").kind()).isEqualTo(AnswerKind.EXTRACTIVE);

      assertThat(registry)
          .hasNumberOfObservationsWithNameEqualTo(ObservationNames.ASK, 1)
          .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.ASK)
              .hasLowCardinalityKeyValue("quarry.answer.mode", "extractive")
              .hasLowCardinalityKeyValue("quarry.answer.kind", "extractive")
              .hasLowCardinalityKeyValue("quarry.prompts", "none"))
          .hasAnObservation(o -> o.hasLowCardinalityKeyValue("quarry.retrieval.kind", "hybrid"))
          .hasAnObservation(o -> o.hasLowCardinalityKeyValue("quarry.retrieval.kind", "dense"))
          .hasAnObservation(o -> o.hasLowCardinalityKeyValue("quarry.retrieval.kind", "keyword"))
          .hasAnObservation(o -> o.hasLowCardinalityKeyValue("quarry.fusion.method", "adaptive"))
          .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.CONTEXT_PACKING))
          .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.STORE)
              .hasLowCardinalityKeyValue("db.operation.name", "search"));
      registry.clear();

      quarry.retriever(RetrievalMode.KEYWORD).retrieve(Query.of("yeast"));
      assertThat(registry).hasSingleObservationThat().hasNameEqualTo(ObservationNames.RETRIEVAL)
          .hasLowCardinalityKeyValue("quarry.retrieval.kind", "keyword")
          .hasHighCardinalityKeyValue("quarry.hits", "1");
    }
  }

  @Test
  void aMeterRegistryGetsTheGenAiMetrics() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = GenAiMeters.observationRegistry(meters);
    try (Quarry quarry = Quarry.builder().observationRegistry(registry).build()) {
      quarry.ingest(DOCUMENTS);
      quarry.search("tides");
    }
    assertThat(meters.get(GenAiMeters.OPERATION_DURATION).tag("gen_ai.operation.name", "embeddings").timer().count())
        .isEqualTo(2); // the documents, then the query
    assertThat(meters.get(ObservationNames.RETRIEVAL).tag("quarry.retrieval.kind", "hybrid").timer().count())
        .isEqualTo(1);
    assertThat(meters.get(ObservationNames.STORE).tag("db.operation.name", "search").tag("error.type", "none")
        .timer().count()).isEqualTo(1);
  }
}
