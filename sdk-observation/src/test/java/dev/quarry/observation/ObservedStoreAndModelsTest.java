package dev.quarry.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.TunableVectorStore;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.HashingEmbeddingModel;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedStoreAndModelsTest {
  private final TestObservationRegistry registry = TestObservationRegistry.create();

  @Test
  void embeddingCallsAreObservedWithTheirInputCount() {
    HashingEmbeddingModel hashing = new HashingEmbeddingModel(32);
    ObservedEmbeddingModel model = ObservedEmbeddingModel.of(hashing, registry, "onnx", "all-minilm-l6-v2");

    model.embedDocuments(List.of("one", "two", "three"));
    model.embedQuery("four");

    assertThat(model.dimension()).isEqualTo(32);
    assertThat(registry).hasNumberOfObservationsWithNameEqualTo(ObservationNames.MODEL_CALL, 2)
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue("gen_ai.operation.name", "embeddings")
            .hasLowCardinalityKeyValue("gen_ai.provider.name", "onnx")
            .hasLowCardinalityKeyValue("gen_ai.request.model", "all-minilm-l6-v2")
            .hasLowCardinalityKeyValue("gen_ai.response.finish_reasons", "none") // the same tags as chat calls
            .hasHighCardinalityKeyValue("quarry.inputs", "3"))
        .hasAnObservation(o -> o.hasContextualNameEqualTo("embeddings all-minilm-l6-v2")
            .hasHighCardinalityKeyValue("quarry.inputs", "1"));
  }

  @Test
  void rerankCallsAreObservedAndFailuresTyped() {
    ObservedReranker reranker = ObservedReranker.of((query, passages) -> {
      if (passages.isEmpty()) {
        throw new IllegalArgumentException("no passages");
      }
      return new float[passages.size()];
    }, registry, "onnx", "ms-marco-minilm");

    assertThat(reranker.score("q", List.of("a", "b"))).hasSize(2);
    assertThatThrownBy(() -> reranker.score("q", List.of())).isInstanceOf(IllegalArgumentException.class);

    assertThat(registry)
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue("gen_ai.operation.name", "rerank")
            .hasLowCardinalityKeyValue("error.type", "none").hasHighCardinalityKeyValue("quarry.inputs", "2"))
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue("error.type", "IllegalArgumentException"));
  }

  @Test
  void storeOperationsAreObservedWithTheirRecordCounts() {
    RecordingStore store = new RecordingStore();
    VectorStore observed = ObservedVectorStore.of(store, registry, "quarry");

    observed.upsert(List.of(record("a"), record("b")));
    observed.search(SearchRequest.builder(new float[] {1, 0}).maxResults(5).build());
    observed.delete(List.of("a"));
    observed.count();

    assertThat(observed).isNotInstanceOf(TunableVectorStore.class);
    assertThat(registry).hasNumberOfObservationsWithNameEqualTo(ObservationNames.STORE, 4)
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue("db.operation.name", "upsert")
            .hasLowCardinalityKeyValue("db.system.name", "quarry").hasHighCardinalityKeyValue("quarry.records", "2"))
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue("db.operation.name", "search")
            .hasContextualNameEqualTo("search quarry").hasHighCardinalityKeyValue("quarry.records", "1"))
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue("db.operation.name", "delete"))
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue("db.operation.name", "count"));
  }

  @Test
  void aTunableStoreStaysTunableAndGetsItsOptions() {
    TunableRecordingStore store = new TunableRecordingStore();
    VectorStore observed = ObservedVectorStore.of(store, registry, "quarry");

    assertThat(observed).isInstanceOf(TunableVectorStore.class);
    ((TunableVectorStore) observed).search(SearchRequest.builder(new float[] {1, 0}).maxResults(3).build(),
        SearchOptions.efSearch(99));

    assertThat(store.lastOptions.efSearch()).isEqualTo(99);
    assertThat(registry).hasSingleObservationThat().hasLowCardinalityKeyValue("db.operation.name", "search");
  }

  @Test
  void aRetrieverIsObservedWithItsKindAndHits() {
    ObservedRetriever retriever = ObservedRetriever.of(
        query -> List.of(new SearchHit(chunk("a"), 0.9f), new SearchHit(chunk("b"), 0.5f)), registry, "dense");

    assertThat(retriever.retrieve(Query.of("q"))).hasSize(2);
    assertThat(registry).hasSingleObservationThat().hasNameEqualTo(ObservationNames.RETRIEVAL)
        .hasLowCardinalityKeyValue("quarry.retrieval.kind", "dense")
        .hasLowCardinalityKeyValue("quarry.retrieval.leg", "none")
        .hasHighCardinalityKeyValue("quarry.hits", "2");
  }

  @Test
  void wrappersRefuseMissingParts() {
    assertThatThrownBy(() -> ObservedVectorStore.of(new RecordingStore(), registry, " "))
        .hasMessageContaining("store system");
    assertThatThrownBy(() -> ObservedRetriever.of(null, registry, "dense")).hasMessageContaining("retriever");
    assertThatThrownBy(() -> ObservedEmbeddingModel.of(new HashingEmbeddingModel(4), null, "onnx", "m"))
        .hasMessageContaining("observation registry");
    assertThatThrownBy(() -> ObservedReranker.of((q, p) -> new float[0], registry, "onnx", ""))
        .hasMessageContaining("model name");
  }

  private static Chunk chunk(String id) {
    return new Chunk(id, "doc", "text " + id, Metadata.empty(), 0, 6);
  }

  private static VectorRecord record(String id) {
    return new VectorRecord(chunk(id), new float[] {1, 0});
  }

  /** A test double: a store that returns one hit and counts nothing else. */
  private static class RecordingStore implements VectorStore {
    @Override public int dimension() {
      return 2;
    }

    @Override public void upsert(List<VectorRecord> records) {}

    @Override public List<SearchHit> search(SearchRequest request) {
      return List.of(new SearchHit(chunk("a"), 1f));
    }

    @Override public List<VectorRecord> get(java.util.Collection<String> ids) {
      return List.of();
    }

    @Override public int delete(java.util.Collection<String> ids) {
      return ids.size();
    }

    @Override public int deleteWhere(dev.quarry.api.store.Filter filter) {
      return 0;
    }

    @Override public long count() {
      return 1;
    }
  }

  /** A test double: a tunable store that remembers the options of its last search. */
  private static final class TunableRecordingStore extends RecordingStore implements TunableVectorStore {
    SearchOptions lastOptions;

    @Override public List<SearchHit> search(SearchRequest request, SearchOptions options) {
      lastOptions = options;
      return search(request);
    }
  }
}
