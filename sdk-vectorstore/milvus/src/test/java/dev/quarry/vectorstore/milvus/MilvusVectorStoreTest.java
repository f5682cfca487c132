package dev.quarry.vectorstore.milvus;

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
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What is particular to Milvus: the collection's dimension and metric, settings, ids and text that must fit a
 * {@code VARCHAR}, filters a Milvus expression cannot say alone, upserts that replace whole entities, scores per
 * metric, and searches past Milvus's limit of 16,384 results. Runs on {@link MilvusServer}'s server.
 */
class MilvusVectorStoreTest {
  private static final int DIM = 4;
  private final String collection = MilvusServer.freshCollection("milvus_test");
  private final List<MilvusVectorStore> opened = new ArrayList<>();

  @AfterEach
  void closeClients() {
    opened.forEach(MilvusVectorStore::close);
  }

  private MilvusVectorStore.Builder builder() {
    return MilvusServer.builder(DIM).collection(collection);
  }

  private MilvusVectorStore open(MilvusVectorStore.Builder builder) {
    MilvusVectorStore store = builder.build();
    opened.add(store);
    return store;
  }

  @Test
  void aCollectionOfAnotherDimensionOrMetricIsRefusedNamingBoth() {
    open(builder());

    assertThatThrownBy(() -> open(MilvusServer.builder(8).collection(collection)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 4-dimensional vectors")
        .hasMessageContaining("built for 8");
    assertThatThrownBy(() -> open(builder().metric(Metric.EUCLIDEAN)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compares vectors by COSINE")
        .hasMessageContaining("EUCLIDEAN (L2)");
    assertThat(open(builder().createIfMissing(false)).metric()).isEqualTo(Metric.COSINE);
  }

  @Test
  void aMissingCollectionOrDatabaseThatMayNotBeCreatedAndBadSettingsAreRefused() {
    assertThatThrownBy(() -> open(builder().createIfMissing(false)))
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("has no collection '" + collection + "'");
    assertThatThrownBy(() -> open(builder().database("quarry_no_such_database")))
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("no database 'quarry_no_such_database'");
    assertThatThrownBy(() -> builder().collection("a-b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was a-b");
    assertThatThrownBy(() -> builder().collection("1abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().database("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().batchSize(MilvusVectorStore.MAX_BATCH_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.." + MilvusVectorStore.MAX_BATCH_SIZE);
    assertThatThrownBy(() -> MilvusVectorStore.builder("ftp://h:19530", DIM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> MilvusVectorStore.builder("http://root:Milvus@h:19530", DIM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the URI");
    assertThatThrownBy(() -> MilvusVectorStore.builder("http://h:19530", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MilvusVectorStore.builder("http://h:19530", MilvusVectorStore.MAX_DIMENSION + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32768");
    assertThatThrownBy(() -> builder().requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().connectTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().token(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().credentials("root", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().metric(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCollectionLivesInTheDatabaseTheStoreNames() {
    String database = "quarry_test_db";
    ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder().uri(MilvusServer.uri());
    MilvusServer.token().ifPresent(config::token);
    MilvusClientV2 client = new MilvusClientV2(config.build());
    try {
      if (!client.listDatabases().getDatabaseNames().contains(database)) {
        client.createDatabase(CreateDatabaseReq.builder().databaseName(database).build());
      }
    } finally {
      client.close();
    }
    MilvusVectorStore elsewhere = open(builder().database(database));
    elsewhere.upsert(List.of(record("a", "t", Map.of())));

    assertThat(open(builder().database(database).createIfMissing(false)).count()).isEqualTo(1);
    assertThatThrownBy(() -> open(builder().createIfMissing(false))).as("not in the default database")
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("has no collection");
  }

  @Test
  void idsAndTextTheServerCannotHoldAreRefusedWhileMetadataKeepsAnyValue() {
    MilvusVectorStore store = open(builder());
    String lone = "a lone \uD800 surrogate";
    assertThatThrownBy(() -> store.upsert(List.of(record("fine", "ok", Map.of()), record("a", lone, Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record 'a'")
        .hasMessageContaining("unpaired surrogate").hasMessageContaining("nothing was stored");
    assertThatThrownBy(() -> store.upsert(List.of(record("b\uD800", "text", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    String longId = "é".repeat(MilvusVectorStore.MAX_ID_BYTES / 2 + 1); // fewer chars than the limit, more bytes
    assertThatThrownBy(() -> store.upsert(List.of(record(longId, "text", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining((MilvusVectorStore.MAX_ID_BYTES + 2)
            + " bytes of UTF-8").hasMessageContaining("at most " + MilvusVectorStore.MAX_ID_BYTES);
    String longText = "é".repeat(MilvusVectorStore.MAX_TEXT_BYTES / 2 + 1);
    assertThatThrownBy(() -> store.upsert(List.of(record("c", longText, Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 65535")
        .hasMessageContaining("smaller chunks");
    List<Object> manyValues = new ArrayList<>();
    for (long i = 0; i < 2_100; i++) {
      manyValues.add(i); // a long carries two tokens: 4,200 in all
    }
    assertThatThrownBy(() -> store.upsert(List.of(record("d", "t", Map.of("many", manyValues)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4200 distinct values")
        .hasMessageContaining("at most 4096");
    assertThat(store.count()).as("a refused batch stores nothing").isZero();

    String awkwardId = "quote \" backslash \\ newline \n tab \t nul \u0000 emoji \uD83D\uDE00 é ' end";
    String text = "nul\u0000 \"quoted\" \\ and \uD83D\uDE00 and a line\nbreak";
    Map<String, Object> metadata = new HashMap<>();
    metadata.put("odd", "nul\u0000 and a lone \uD800 surrogate");
    metadata.put("n", Long.MAX_VALUE);
    metadata.put("x", Double.NEGATIVE_INFINITY);
    metadata.put("z", -0.0);
    metadata.put("list", List.of("a", 1L, 2.5, true));
    metadata.put("quarry_record", "a user key in Quarry's own namespace");
    metadata.put("k\uDC00", "a key with a lone surrogate");
    metadata.put("quote\"d", "value with \" and \\");
    store.upsert(List.of(record(awkwardId, text, metadata)));

    VectorRecord got = store.get(List.of(awkwardId)).getFirst();
    assertThat(got.chunk()).isEqualTo(new Chunk(awkwardId, "doc-" + awkwardId, text, Metadata.of(metadata), 0,
        text.length()));
    assertThat(got.chunk().metadata().asMap().get("z")).isEqualTo(-0.0);
    for (Filter filter : List.of(Filter.eq("odd", metadata.get("odd")), Filter.eq("n", Long.MAX_VALUE),
        Filter.lt("x", -1e308), Filter.eq("z", 0), Filter.eq("list", 1.0), Filter.gt("list", 2),
        Filter.eq("k\uDC00", "a key with a lone surrogate"), Filter.not(Filter.eq("n", Long.MAX_VALUE - 1)),
        Filter.eq("quote\"d", "value with \" and \\"), Filter.in("list", List.of("b", true)))) {
      assertThat(store.search(SearchRequest.builder(vector(1)).filter(filter).build())).as("%s", filter)
          .extracting(SearchHit::id).containsExactly(awkwardId);
    }
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.eq("odd", "nul\u0000 and a lone ?"
        + " surrogate")).build())).isEmpty();
    store.upsert(List.of(record(longId.substring(1), "an id of exactly the limit", Map.of())));
    assertThat(store.get(List.of(longId.substring(1)))).hasSize(1);
    assertThat(store.delete(List.of("b\uD800", longId))).isZero();
    assertThat(store.get(List.of("b\uD800", longId))).isEmpty();
    assertThat(store.delete(List.of(awkwardId, longId.substring(1)))).isEqualTo(2);
    assertThat(store.count()).isZero();
  }

  @Test
  void thousandsOfRandomFiltersSelectExactlyWhatFilterMatchesSelects() {
    MilvusVectorStore store = open(builder());
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
          .allSatisfy(h -> assertThat(expected).contains(h.id()))
          .isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
      if (!expected.isEmpty() && expected.size() < records.size()) {
        selective++;
      }
      if (CandidateFilter.isExact(filter)) {
        narrowedExactly++;
      }
    }
    assertThat(selective).isGreaterThan(1000);
    assertThat(narrowedExactly).as("filters a Milvus expression says exactly").isGreaterThan(1000);
  }

  @Test
  void anUpsertReplacingMetadataLeavesNoStaleTokensOrBounds() {
    MilvusVectorStore store = open(builder());
    store.upsert(List.of(record("a", "t", Map.of("tag", "old", "n", 5L))));
    store.upsert(List.of(record("a", "t", Map.of("other", true))));

    Filter notOld = Filter.not(Filter.eq("tag", "old"));
    assertThat(CandidateFilter.isExact(notOld)).isTrue();
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(notOld).build())).extracting(SearchHit::id)
        .containsExactly("a");
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.eq("tag", "old")).build())).isEmpty();
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.gte("n", 0)).build())).isEmpty();
    assertThat(store.deleteWhere(Filter.eq("tag", "old"))).isZero();
    assertThat(store.get(List.of("a")).getFirst().chunk().metadata()).isEqualTo(Metadata.of(Map.of("other", true)));
  }

  @Test
  void scoresFollowTheMetric() {
    for (Metric metric : Metric.values()) {
      MilvusVectorStore store = open(MilvusServer.builder(2).collection(MilvusServer.freshCollection("metric"))
          .metric(metric));
      store.upsert(List.of(new VectorRecord(new Chunk("p", "d", "t", Metadata.empty(), 0, 1), new float[] {3, 4}),
          new VectorRecord(new Chunk("q", "d", "t", Metadata.empty(), 0, 1), new float[] {-3, 4})));
      List<SearchHit> hits = store.search(SearchRequest.builder(new float[] {3, 0}).build());
      double expected = switch (metric) {
        case COSINE -> 0.6;
        case DOT_PRODUCT -> 9;
        case EUCLIDEAN -> -4; // Milvus answers the squared distance, 16
      };
      assertThat(hits).extracting(SearchHit::id).as("%s", metric).containsExactly("p", "q");
      assertThat(hits.getFirst().score()).as("%s", metric).isCloseTo(expected, Offset.offset(1e-4));
      assertThat(store.search(SearchRequest.builder(new float[] {3, 0}).minScore(expected - 1e-3).build()))
          .extracting(SearchHit::id).containsExactly("p");
    }
  }

  @Test
  void anInFilterOfAnyLengthWorks() {
    MilvusVectorStore store = open(builder());
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

  @Test
  void searchesPastMilvussLimitOf16384ResultsStillFindEveryMatch() {
    int n = MilvusVectorStore.MAX_TOP_K + 300;
    MilvusVectorStore store = open(MilvusServer.builder(2).collection(MilvusServer.freshCollection("beyond"))
        .batchSize(MilvusVectorStore.MAX_BATCH_SIZE));
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // the few records with s = "a" point away from the query, so no search of 16,384 candidates reaches them
      boolean far = i % 1000 == 7;
      double angle = far ? Math.PI - i * 1e-6 : i * 1e-5;
      records.add(new VectorRecord(new Chunk("r" + i, "d", "t", Metadata.of(Map.of("s", far ? "a" : "z")), 0, 1),
          new float[] {(float) Math.cos(angle), (float) Math.sin(angle)}));
    }
    store.upsert(records);
    float[] query = {1, 0};
    Filter stringRange = Filter.lt("s", "b"); // a string range narrows nothing on the server
    assertThat(CandidateFilter.isExact(stringRange)).isFalse();

    List<SearchHit> far = store.search(SearchRequest.builder(query).maxResults(5).filter(stringRange).build());

    List<String> expected = records.stream().filter(r -> stringRange.matches(r.chunk().metadata()))
        .sorted(Comparator.comparingDouble((VectorRecord r) -> cosine(query, r.vector())).reversed())
        .limit(5).map(VectorRecord::id).toList();
    assertThat(far).extracting(SearchHit::id).containsExactlyElementsOf(expected);
    assertThat(far.getFirst().score()).isCloseTo(cosine(query, records.get(16_007).vector()), Offset.offset(1e-5));
    List<SearchHit> all = store.search(SearchRequest.builder(query).maxResults(n + 10).build());
    assertThat(all).hasSize(n).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
    assertThat(all.getFirst().id()).isEqualTo("r0");
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
