package dev.quarry.vectorstore.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.testkit.RandomFilters;
import dev.quarry.vectorstore.server.internal.CandidateFilter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What is particular to Qdrant: the collection's vector size and distance, point ids derived from chunk ids,
 * filters narrowed to Qdrant conditions, and text protobuf cannot carry. On the {@link QdrantTestServer} test double,
 * or a real Qdrant when {@code QUARRY_QDRANT_URL} is set.
 */
class QdrantVectorStoreTest {
  private static final int DIM = 4;
  private final String collection = QdrantServers.freshCollection("qdrant-test");

  private QdrantVectorStore.Builder builder() {
    return QdrantServers.builder(DIM).collection(collection);
  }

  @Test
  void aCollectionOfAnotherSizeOrDistanceIsRefusedNamingBoth() {
    builder().build();

    assertThatThrownBy(() -> QdrantServers.builder(8).collection(collection).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 4-dimensional vectors")
        .hasMessageContaining("built for 8");
    assertThatThrownBy(() -> builder().metric(Metric.EUCLIDEAN).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compares vectors by Cosine")
        .hasMessageContaining("EUCLIDEAN (Euclid)");
  }

  @Test
  void aMissingCollectionThatMayNotBeCreatedAndBadSettingsAreRefused() {
    assertThatThrownBy(() -> builder().createIfMissing(false).build())
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("no collection '" + collection + "'");
    assertThatThrownBy(() -> builder().collection("a/b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was a/b");
    assertThatThrownBy(() -> builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QdrantVectorStore.builder(URI.create("grpc://h:6334"), DIM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> QdrantVectorStore.builder(URI.create("http://h:6334"), DIM).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QdrantServers.builder(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void textProtobufCannotCarryIsRefusedWhileMetadataKeepsAnyValue() {
    QdrantVectorStore store = builder().build();
    String odd = "nul\u0000 and a lone \uD800 surrogate";
    Map<String, Object> metadata = Map.of("odd", odd, "n", Long.MAX_VALUE, "x", Double.NEGATIVE_INFINITY,
        "z", -0.0, "list", List.of("a", 1L, 2.5, true), "quarry_eq", "a user key like Quarry's own",
        "k\uDC00", "a key with a lone surrogate");

    assertThatThrownBy(() -> store.upsert(List.of(record("a", odd, Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> store.upsert(List.of(record("b\uD800", "text", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    store.upsert(List.of(record("b", "fine text", metadata)));

    assertThat(store.get(List.of("b")).getFirst().chunk().metadata()).isEqualTo(Metadata.of(metadata));
    for (Filter filter : List.of(Filter.eq("odd", odd), Filter.eq("n", Long.MAX_VALUE), Filter.lt("x", -1e308),
        Filter.eq("z", 0), Filter.eq("list", 1.0), Filter.gt("list", 2), Filter.eq("k\uDC00",
            "a key with a lone surrogate"), Filter.eq("quarry_eq", "a user key like Quarry's own"),
        Filter.not(Filter.eq("n", Long.MAX_VALUE - 1)))) {
      assertThat(store.search(SearchRequest.builder(vector(1)).filter(filter).build())).as("%s", filter)
          .extracting(SearchHit::id).containsExactly("b");
    }
    assertThat(store.delete(List.of("b\uD800"))).isZero();
    assertThat(store.get(List.of("b\uD800"))).isEmpty();
  }

  @Test
  void chunkIdsMapToStablePointIdsThatDoNotCollide() {
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      String uuid = QdrantPoints.pointId("chunk-" + i).getUuid();
      assertThat(java.util.UUID.fromString(uuid).version()).isEqualTo(8);
      ids.add(uuid);
    }
    assertThat(ids).hasSize(20_000);
    assertThat(QdrantPoints.pointId("a")).isEqualTo(QdrantPoints.pointId("a"));
    assertThat(QdrantPoints.pointId("\uD800")).isNotEqualTo(QdrantPoints.pointId("?"));
  }

  @Test
  void thousandsOfRandomFiltersSelectExactlyWhatFilterMatchesSelects() {
    QdrantVectorStore store = builder().build();
    RandomFilters random = new RandomFilters(20261206L);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(record("r" + i, "text " + i, random.metadata()));
    }
    store.upsert(records);
    int selective = 0;
    int narrowedExactly = 0;
    for (int i = 0; i < 3000; i++) {
      Filter filter = random.filter();
      Set<String> expected = records.stream().filter(r -> filter.matches(r.chunk().metadata()))
          .map(VectorRecord::id).collect(Collectors.toSet());
      Set<String> found = store.search(SearchRequest.builder(vector(i)).maxResults(300).filter(filter).build())
          .stream().map(SearchHit::id).collect(Collectors.toSet());
      assertThat(found).as("filter %s", filter).isEqualTo(expected);
      List<SearchHit> top = store.search(SearchRequest.builder(vector(i)).maxResults(5).filter(filter).build());
      assertThat(top).as("the first 5 for %s", filter).hasSize(Math.min(5, expected.size()))
          .allSatisfy(h -> assertThat(expected).contains(h.id()));
      if (!expected.isEmpty() && expected.size() < records.size()) {
        selective++;
      }
      if (CandidateFilter.isExact(filter)) {
        narrowedExactly++;
      }
    }
    assertThat(selective).isGreaterThan(1000);
    assertThat(narrowedExactly).as("filters Qdrant's conditions say exactly").isGreaterThan(1000);
  }

  @Test
  void scoresFollowTheMetric() {
    for (Metric metric : Metric.values()) {
      try (QdrantVectorStore store = QdrantServers.builder(2).collection(QdrantServers.freshCollection("metric"))
          .metric(metric).build()) {
        store.upsert(List.of(new VectorRecord(new Chunk("p", "d", "t", Metadata.empty(), 0, 1), new float[] {3, 4})));
        double score = store.search(SearchRequest.builder(new float[] {3, 0}).build()).getFirst().score();
        double expected = switch (metric) {
          case COSINE -> 0.6;
          case DOT_PRODUCT -> 9;
          case EUCLIDEAN -> -4;
        };
        assertThat(score).as("%s", metric).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  @Test
  void anInFilterOfAnyLengthWorks() {
    QdrantVectorStore store = builder().build();
    store.upsert(List.of(record("a", "t", Map.of("n", 39_999L)), record("b", "t", Map.of("n", 2.5)),
        record("c", "t", Map.of("n", -3L))));
    List<Object> many = new ArrayList<>();
    for (long i = 0; i < 40_000; i++) {
      many.add(i);
    }
    many.add(2.5);

    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.in("n", many)).build()))
        .extracting(SearchHit::id).containsExactlyInAnyOrder("a", "b");
    assertThat(store.deleteWhere(Filter.not(Filter.in("n", many)))).isEqualTo(1);
    assertThat(store.count()).isEqualTo(2);
  }

  private static VectorRecord record(String id, String text, Map<String, ?> metadata) {
    return new VectorRecord(new Chunk(id, "doc-" + id, text, Metadata.of(metadata), 0, text.length()),
        vector(id.hashCode()));
  }

  private static float[] vector(long seed) {
    Random random = new Random(seed);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
