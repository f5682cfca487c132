package dev.quarry.vectorstore.chroma;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;

/**
 * What is particular to Chroma: the collection's dimension and space, filters Chroma's {@code where} cannot say
 * alone, metadata merged by Chroma's upsert, records other clients wrote, and text JSON cannot carry.
 */
class ChromaVectorStoreTest {
  @AfterEach
  void dropCollections() {
    ChromaServer.dropMade();
  }

  private static final int DIM = 4;
  private final String collection = ChromaServer.freshCollection("chroma-test");

  private ChromaVectorStore.Builder builder() {
    return ChromaVectorStore.builder(ChromaServer.endpoint(), DIM).collection(collection);
  }

  @Test
  void aCollectionOfAnotherDimensionOrSpaceIsRefusedNamingBoth() {
    builder().build();

    assertThatThrownBy(() -> ChromaVectorStore.builder(ChromaServer.endpoint(), 8).collection(collection).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 4-dimensional vectors")
        .hasMessageContaining("built for 8");
    assertThatThrownBy(() -> builder().metric(Metric.EUCLIDEAN).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compares vectors by 'cosine'")
        .hasMessageContaining("EUCLIDEAN ('l2')");
  }

  @Test
  void aMissingCollectionThatMayNotBeCreatedAndBadSettingsAreRefused() {
    assertThatThrownBy(() -> builder().createIfMissing(false).build())
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("has no collection '" + collection + "'");
    assertThatThrownBy(() -> builder().collection("a b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was a b");
    assertThatThrownBy(() -> builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChromaVectorStore.builder(java.net.URI.create("ftp://h/"), DIM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> builder().requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void textJsonCannotCarryIsRefusedWhileMetadataKeepsAnyValue() {
    ChromaVectorStore store = builder().build();
    String odd = "nul\u0000 and a lone \uD800 surrogate";
    Map<String, Object> metadata = Map.of("odd", odd, "n", Long.MAX_VALUE, "x", Double.NEGATIVE_INFINITY,
        "z", -0.0, "list", List.of("a", 1L, 2.5, true), "quarry:record", "a user key in Quarry's own namespace",
        "k\uDC00", "a key with a lone surrogate");

    assertThatThrownBy(() -> store.upsert(List.of(record("a", odd, Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> store.upsert(List.of(record("b\uD800", "text", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    store.upsert(List.of(record("b", "fine text", metadata)));

    assertThat(store.get(List.of("b")).getFirst().chunk().metadata()).isEqualTo(Metadata.of(metadata));
    for (Filter filter : List.of(Filter.eq("odd", odd), Filter.eq("n", Long.MAX_VALUE), Filter.lt("x", -1e308),
        Filter.eq("z", 0), Filter.eq("list", 1.0), Filter.gt("list", 2), Filter.eq("k\uDC00",
            "a key with a lone surrogate"), Filter.not(Filter.eq("n", Long.MAX_VALUE - 1)))) {
      assertThat(store.search(SearchRequest.builder(vector(1)).filter(filter).build())).as("%s", filter)
          .extracting(SearchHit::id).containsExactly("b");
    }
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.eq("odd", "nul\u0000 and a lone ?"
        + " surrogate")).build())).isEmpty();
    assertThat(store.delete(List.of("b\uD800"))).isZero();
    assertThat(store.get(List.of("b\uD800"))).isEmpty();
  }

  @Test
  void thousandsOfRandomFiltersSelectExactlyWhatFilterMatchesSelects() {
    ChromaVectorStore store = builder().build();
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
    assertThat(narrowedExactly).as("filters Chroma's where says exactly").isGreaterThan(1000);
  }

  @Test
  void anUpsertRemovesTheFieldsOfTheMetadataItReplaces() {
    ChromaVectorStore store = builder().build();
    store.upsert(List.of(record("a", "t", Map.of("tag", "old", "n", 5L))));
    store.upsert(List.of(record("a", "t", Map.of("other", true))));

    Filter notOld = Filter.not(Filter.eq("tag", "old"));
    assertThat(CandidateFilter.isExact(notOld)).isTrue();
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(notOld).build())).extracting(SearchHit::id)
        .containsExactly("a");
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.gte("n", 0)).build())).isEmpty();
    assertThat(store.get(List.of("a")).getFirst().chunk().metadata()).isEqualTo(Metadata.of(Map.of("other", true)));
  }

  @Test
  void recordsAnotherClientWroteReadBackWithTheirScalarMetadata() {
    ChromaVectorStore store = builder().build();
    ChromaHttp http = new ChromaHttp(ChromaServer.endpoint(), "default_tenant", "default_database", Optional.empty(),
        Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(30));
    String id = http.get("collections/" + collection, "test").get("id").asText();
    http.post("collections/" + id + "/add", Map.of("ids", List.of("foreign"), "embeddings", List.of(vector(3)),
        "documents", List.of("written elsewhere"), "metadatas", List.of(Map.of("lang", "en", "year", 2024))), "test");

    VectorRecord got = store.get(List.of("foreign")).getFirst();
    assertThat(got.chunk()).isEqualTo(new Chunk("foreign", "foreign", "written elsewhere",
        Metadata.of(Map.of("lang", "en", "year", 2024L)), 0, 17));
    assertThat(store.search(SearchRequest.builder(vector(3)).filter(Filter.eq("lang", "en")).build()))
        .as("filters narrow by Quarry's fields, which a foreign record lacks").isEmpty();
  }

  @Test
  void scoresFollowTheMetric() {
    for (Metric metric : Metric.values()) {
      ChromaVectorStore store = ChromaVectorStore.builder(ChromaServer.endpoint(), 2)
          .collection(ChromaServer.freshCollection("metric")).metric(metric).build();
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

  @Test
  void anInFilterOfAnyLengthWorks() {
    ChromaVectorStore store = builder().build();
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
