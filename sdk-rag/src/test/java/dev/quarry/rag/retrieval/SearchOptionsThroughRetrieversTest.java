package dev.quarry.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.ScriptedChatModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IvfOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-query search effort reaches the store through the retrievers: an IVF store scanning one list of 32 misses
 * neighbours that {@link SearchOptions#exactSearch()} on the query, or on the retriever, finds; a store that takes
 * no options refuses them by name.
 */
class SearchOptionsThroughRetrieversTest {
  private static final int DIMENSION = 8;
  private static final int RECORDS = 3_000;

  /** The question every test asks; its words point the query vector somewhere between the axes. */
  private static final String Q = "how far does one list of the index reach";

  private final HashingEmbeddingModel model = new HashingEmbeddingModel(DIMENSION);
  private EmbeddedVectorStore store;
  private List<String> exactTop10;

  @BeforeEach
  void fill() {
    Random random = new Random(7);
    store = EmbeddedVectorStore.builder(DIMENSION)
        .index(IvfOptions.builder().nlist(32).nprobe(1).trainingThreshold(500).seed(3).build())
        .build();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      float[] vector = randomVector(random);
      String id = "r" + i;
      records.add(new VectorRecord(new Chunk(id, id, "text " + i, Metadata.empty(), 0, 1), vector));
    }
    store.upsert(records);
    float[] query = model.vector(Q);
    exactTop10 = records.stream()
        .sorted(Comparator.comparingDouble((VectorRecord r) -> -cosine(r.vector(), query)))
        .limit(10).map(r -> r.chunk().id()).toList();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void theQuerysOptionsReachTheStore() {
    DenseRetriever dense = DenseRetriever.builder(model, store).build();

    List<String> scanned = Hits.ids(dense.retrieve(Query.of(Q).withMaxResults(10)));
    List<String> exact =
        Hits.ids(dense.retrieve(Query.of(Q).withMaxResults(10).withSearchOptions(SearchOptions.exactSearch())));
    List<String> allLists =
        Hits.ids(dense.retrieve(Query.of(Q).withMaxResults(10).withSearchOptions(SearchOptions.nprobe(32))));

    assertThat(exact).isEqualTo(exactTop10);
    assertThat(allLists).isEqualTo(exactTop10);
    assertThat(scanned).as("one IVF list of 32 misses some of the true neighbours").isNotEqualTo(exactTop10);
  }

  @Test
  void theRetrieversOptionsApplyWhenTheQueryHasNone() {
    DenseRetriever exactByDefault =
        DenseRetriever.builder(model, store).searchOptions(SearchOptions.exactSearch()).build();

    assertThat(Hits.ids(exactByDefault.retrieve(Query.of(Q).withMaxResults(10)))).isEqualTo(exactTop10);
    assertThat(Hits.ids(exactByDefault.retrieve(
            Query.of(Q).withMaxResults(10).withSearchOptions(SearchOptions.defaults()))))
        .as("the query's options win").isNotEqualTo(exactTop10);
  }

  @Test
  void hybridAndRerankingRetrieversPassTheOptionsOn() {
    Retriever hybrid = HybridRetriever.builder(DenseRetriever.builder(model, store).build(), query -> List.of())
        .depth(10).build();

    List<SearchHit> hits =
        hybrid.retrieve(Query.of(Q).withMaxResults(10).withSearchOptions(SearchOptions.exactSearch()));

    assertThat(Hits.ids(hits)).isEqualTo(exactTop10);
  }

  @Test
  void hydeSearchesWithTheOptions() {
    ScriptedChatModel chat = ScriptedChatModel.builder().reply(Q).build(); // the passage embeds as the query
    HydeRetriever hyde = HydeRetriever.builder(chat, model, store).searchOptions(SearchOptions.exactSearch()).build();

    assertThat(Hits.ids(hyde.retrieve(Query.of(Q).withMaxResults(10)))).isEqualTo(exactTop10);
  }

  @Test
  void aStoreWithoutOptionsRefusesThemByName() {
    StubVectorStore plain = new StubVectorStore(DIMENSION, List.of());

    assertThatThrownBy(() -> DenseRetriever.builder(model, plain).searchOptions(SearchOptions.efSearch(100)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("StubVectorStore takes no search options")
        .hasMessageContaining("TunableVectorStore");
    DenseRetriever dense = DenseRetriever.builder(model, plain).build();
    assertThatThrownBy(() -> dense.retrieve(Query.of(Q).withSearchOptions(SearchOptions.nprobe(4))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("StubVectorStore takes no search options");
    assertThat(dense.retrieve(Query.of(Q))).isEmpty();
    assertThat(plain.requests()).hasSize(1);
  }

  private static float[] randomVector(Random random) {
    float[] v = new float[DIMENSION];
    IntStream.range(0, DIMENSION).forEach(i -> v[i] = (float) random.nextGaussian());
    return v;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
