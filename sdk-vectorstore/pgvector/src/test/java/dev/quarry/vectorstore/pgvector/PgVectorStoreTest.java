package dev.quarry.vectorstore.pgvector;

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
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What is particular to pgvector: the table's dimension and metric, text PostgreSQL cannot hold, many filters. */
class PgVectorStoreTest {
  private static final int DIM = 4;
  private final String table = "pg_test_" + ProcessHandle.current().pid() + "_" + System.nanoTime();

  @AfterEach
  void drop() throws SQLException {
    try (Connection connection = PgVectorServer.pool().getConnection(); Statement sql = connection.createStatement()) {
      sql.execute("DROP TABLE IF EXISTS " + PgVectorStore.quote(table));
      sql.execute("DROP TABLE IF EXISTS foreign_" + table);
    }
  }

  @Test
  void aTableOfAnotherDimensionOrMetricIsRefusedNamingBoth() {
    PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).build();

    assertThatThrownBy(() -> PgVectorStore.builder(PgVectorServer.pool(), 8).table(table).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 4-d vectors, not 8-d");
    assertThatThrownBy(() -> PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table)
        .metric(Metric.EUCLIDEAN).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compares vectors by COSINE, not EUCLIDEAN");
  }

  @Test
  void aMissingTableThatMayNotBeCreatedAndATableQuarryDidNotMakeAreRefused() throws SQLException {
    assertThatThrownBy(() -> PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).createIfMissing(false)
        .build()).isInstanceOf(NonRetriableException.class).hasMessageContaining("does not exist");
    try (Connection connection = PgVectorServer.pool().getConnection(); Statement sql = connection.createStatement()) {
      sql.execute("CREATE TABLE foreign_" + table + " (id text)");
    }
    assertThatThrownBy(() -> PgVectorStore.builder(PgVectorServer.pool(), DIM).table("foreign_" + table).build())
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("was not made by Quarry");
    assertThatThrownBy(() -> PgVectorStore.builder(PgVectorServer.pool(), DIM).table("bad-name"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad-name'");
  }

  @Test
  void textPostgresCannotHoldIsRefusedWhileMetadataKeepsAnyString() {
    PgVectorStore store = PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).build();
    String odd = "nul\u0000 and a lone \uD800 surrogate";

    assertThatThrownBy(() -> store.upsert(List.of(record("a", odd, Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot hold a NUL character");
    store.upsert(List.of(record("b", "fine text", Map.of("odd", odd, "n", Long.MAX_VALUE, "x",
        Double.NEGATIVE_INFINITY, "z", -0.0, "list", List.of("a", 1L, 2.5, true)))));

    VectorRecord back = store.get(List.of("b")).getFirst();
    assertThat(back.chunk().metadata()).isEqualTo(Metadata.of(Map.of("odd", odd, "n", Long.MAX_VALUE, "x",
        Double.NEGATIVE_INFINITY, "z", -0.0, "list", List.of("a", 1L, 2.5, true))));
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.eq("odd", odd)).build()))
        .extracting(SearchHit::id).containsExactly("b");
  }

  @Test
  void thousandsOfRandomFiltersSelectExactlyWhatFilterMatchesSelects() {
    PgVectorStore store = PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).build();
    RandomFilters random = new RandomFilters(20261206L);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(record("r" + i, "text " + i, random.metadata()));
    }
    store.upsert(records);
    int selective = 0;
    for (int i = 0; i < 3000; i++) {
      Filter filter = random.filter();
      Set<String> expected = records.stream().filter(r -> filter.matches(r.chunk().metadata()))
          .map(VectorRecord::id).collect(Collectors.toSet());
      Set<String> found = store.search(SearchRequest.builder(vector(i)).maxResults(300).filter(filter).build())
          .stream().map(SearchHit::id).collect(Collectors.toSet());
      assertThat(found).as("filter %s", filter).isEqualTo(expected);
      if (!expected.isEmpty() && expected.size() < records.size()) {
        selective++;
      }
    }
    assertThat(selective).isGreaterThan(1000);
  }

  @Test
  void searchesStayCompleteAfterRowsAreReplacedOrDeleted() {
    PgVectorStore store = PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).build();
    List<VectorRecord> far = new ArrayList<>();
    List<VectorRecord> near = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      far.add(new VectorRecord(new Chunk("r" + i, "d", "t", Metadata.of(Map.of("i", i)), 0, 1), vector(i)));
      near.add(new VectorRecord(far.get(i).chunk(), new float[] {1, 0.001f * i, 0, 0}));
    }
    store.upsert(far);
    store.upsert(near); // replaced rows leave dead index entries near the query
    store.upsert(far);
    float[] query = {1, 0, 0, 0};

    assertThat(store.search(SearchRequest.builder(query).maxResults(10).build())).hasSize(10);
    assertThat(store.search(SearchRequest.builder(query).maxResults(10).filter(Filter.gte("i", 0)).build()))
        .hasSize(10);
    assertThat(store.deleteWhere(Filter.lt("i", 1000))).isEqualTo(1000);
    assertThat(store.search(SearchRequest.builder(query).maxResults(10).build())).hasSize(10)
        .allSatisfy(h -> assertThat(h.chunk().metadata().getLong("i").orElseThrow()).isGreaterThanOrEqualTo(1000));
  }

  @Test
  void idsAndKeysPostgresCannotHoldMatchNothingAndAreRefusedOnTheWayIn() {
    PgVectorStore store = PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).build();
    store.upsert(List.of(record("x?", "a text", Map.of("k?", 1L))));

    assertThat(store.delete(List.of("x\uD800", "x\u0000"))).isZero();
    assertThat(store.get(List.of("x\uD800", "x\u0000"))).isEmpty();
    assertThat(store.count()).isEqualTo(1);
    assertThatThrownBy(() -> store.upsert(List.of(record("y", "t", Map.of("k\uD800", 1L)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata key");
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.eq("k\uD800", 1)).build())).isEmpty();
    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.not(Filter.eq("x\u0000", 1))).build()))
        .hasSize(1);
  }

  @Test
  void cosineScoresAreTheEmbeddedStoresWhateverTheScale() {
    PgVectorStore store = PgVectorStore.builder(PgVectorServer.pool(), 2).table(table).build();
    store.upsert(List.of(new VectorRecord(new Chunk("big", "d", "t", Metadata.empty(), 0, 1), new float[] {1e20f,
        1e20f})));

    List<SearchHit> hits = store.search(SearchRequest.builder(new float[] {1, 1}).build());
    assertThat(hits.getFirst().score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThatThrownBy(() -> store.search(SearchRequest.builder(new float[] {0, 0}).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero vector");
  }

  @Test
  void anInFilterOfAnyLengthWorks() {
    PgVectorStore store = PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).build();
    store.upsert(List.of(record("a", "t", Map.of("n", 39_999L)), record("b", "t", Map.of("n", 2.5))));
    List<Object> many = new ArrayList<>();
    for (long i = 0; i < 40_000; i++) {
      many.add(i);
    }
    many.add(2.5);

    assertThat(store.search(SearchRequest.builder(vector(1)).filter(Filter.in("n", many)).build()))
        .extracting(SearchHit::id).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aPoolThatDoesNotAutoCommitStillKeepsTheTable() {
    // Test double: the shared pool, handing out its connection with auto-commit off, as a pool so configured does.
    DataSource manualCommit = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
          Object result = method.invoke(PgVectorServer.pool(), arguments);
          if (result instanceof Connection connection) {
            connection.setAutoCommit(false);
          }
          return result;
        });

    PgVectorStore store = PgVectorStore.builder(manualCommit, DIM).table(table).build();
    store.upsert(List.of(record("a", "t", Map.of())));

    assertThat(PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).createIfMissing(false).build().count())
        .isEqualTo(1);
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
