package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} must show, as an abstract JUnit suite: extend it, return a new empty
 * store of dimension {@link #DIMENSION} with cosine similarity from {@link #newStore()}, and every test runs
 * against it. Approximate stores pass too: the suite uses few enough records that any reasonable index finds the
 * true neighbours, and checks ordering and filters rather than exact scores.
 *
 * <p>What it checks: nearest neighbours and their order, {@code maxResults} and {@code minScore}, upsert replacing
 * a record's text, metadata and vector, {@code get}, deletes by id (unknown and no ids included) and by filter,
 * seeded random filter trees against {@link Filter#matches} ({@link RandomFilters}: every operator, every value
 * type, missing keys), batches rejected whole, a batch larger than the store's own batch size ({@link
 * #largeBatch()}), concurrent writers and readers, and, for a store that can be opened again, that a new client
 * sees the same records ({@link #reopen}).
 *
 * <p>Each test gets a fresh store; the suite itself keeps no state between tests.
 */
public abstract class VectorStoreContract {
  /** The dimension {@link #newStore()} must use. */
  public static final int DIMENSION = 8;

  private VectorStore store;

  /** A new, empty store of {@link #DIMENSION} dimensions that scores by cosine similarity. */
  protected abstract VectorStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
    assertThat(store.dimension()).isEqualTo(DIMENSION);
    assertThat(store.count()).isZero();
  }

  /**
   * A new client on the same records as {@code store} (the same folder, collection or table), after closing
   * {@code store} if it must be; empty for a store that lives in memory only. The reopening test runs only when
   * this is present.
   */
  protected Optional<VectorStore> reopen(VectorStore store) {
    return Optional.empty();
  }

  /** Records in the large-batch test: more than the store writes per request. 2,500 unless overridden. */
  protected int largeBatch() {
    return 2_500;
  }

  /** The store under test. */
  protected VectorStore store() {
    return store;
  }

  /** A record with a seeded random vector. */
  protected static VectorRecord record(String id, long seed, Map<String, ?> metadata) {
    Random random = new Random(seed);
    float[] vector = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      vector[i] = (float) random.nextGaussian();
    }
    return new VectorRecord(new Chunk(id, "doc-" + id, "text " + id, Metadata.of(metadata), 0, 5), vector);
  }

  private List<VectorRecord> corpus(int n) {
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(record("r" + i, i, Map.of("group", "g" + (i % 4), "rank", i)));
    }
    return records;
  }

  @Test
  public void findsARecordByItsOwnVectorFirst() {
    List<VectorRecord> records = corpus(200);
    store.upsert(records);
    for (int i : new int[] {0, 57, 199}) {
      List<SearchHit> hits = store.search(SearchRequest.builder(records.get(i).vector()).maxResults(3).build());
      assertThat(hits).hasSize(3);
      assertThat(hits.get(0).id()).isEqualTo("r" + i);
      assertThat(hits).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
    }
  }

  @Test
  public void returnsKHitsWhenKRecordsExistAndFewerWhenNot() {
    store.upsert(corpus(30));
    assertThat(store.search(SearchRequest.builder(record("q", 999, Map.of()).vector()).maxResults(10).build())).hasSize(10);
    assertThat(store.search(SearchRequest.builder(record("q", 999, Map.of()).vector()).maxResults(50).build())).hasSize(30);
  }

  @Test
  public void upsertWithTheSameIdReplacesTheRecord() {
    store.upsert(corpus(20));
    VectorRecord replacement = record("r3", 12345, Map.of("group", "new"));
    store.upsert(List.of(replacement));
    assertThat(store.count()).isEqualTo(20);
    SearchHit top = store.search(SearchRequest.builder(replacement.vector()).maxResults(1).build()).get(0);
    assertThat(top.id()).isEqualTo("r3");
    assertThat(top.chunk().metadata().getString("group")).contains("new");
  }

  @Test
  public void everyHitMatchesTheFilterAndKMatchingRecordsAreFound() {
    store.upsert(corpus(200));
    Filter filter = Filter.and(Filter.eq("group", "g1"), Filter.lt("rank", 100));
    List<SearchHit> hits =
        store.search(SearchRequest.builder(record("q", 7, Map.of()).vector()).maxResults(10).filter(filter).build());
    assertThat(hits).hasSize(10).allSatisfy(h -> assertThat(filter.matches(h.chunk().metadata())).isTrue());
    Filter rare = Filter.eq("rank", 123);
    assertThat(store.search(SearchRequest.builder(record("q", 8, Map.of()).vector()).maxResults(5).filter(rare).build()))
        .extracting(SearchHit::id)
        .containsExactly("r123");
  }

  @Test
  public void getReturnsTheStoredRecordsInTheOrderAskedAndSkipsUnknownIds() {
    List<VectorRecord> records = corpus(10);
    store.upsert(records);
    List<VectorRecord> got = store.get(List.of("r7", "missing", "r2", "r7"));
    assertThat(got).extracting(VectorRecord::id).containsExactly("r7", "r2");
    assertThat(got.get(0).chunk()).isEqualTo(records.get(7).chunk());
    assertThat(cosine(got.get(0).vector(), records.get(7).vector())).isGreaterThan(0.999);
    assertThat(store.get(List.of())).isEmpty();
    store.delete(List.of("r2"));
    assertThat(store.get(List.of("r2"))).isEmpty();
    assertThatThrownBy(() -> store.get(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(java.util.Arrays.asList("r1", null)))
        .isInstanceOf(IllegalArgumentException.class);
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

  @Test
  public void deleteByIdAndByFilterRemoveExactlyWhatTheySay() {
    store.upsert(corpus(40));
    assertThat(store.delete(List.of("r0", "r1", "missing"))).isEqualTo(2);
    assertThat(store.count()).isEqualTo(38);
    assertThat(store.deleteWhere(Filter.eq("group", "g2"))).isEqualTo(10);
    assertThat(store.count()).isEqualTo(28);
    List<SearchHit> all = store.search(SearchRequest.builder(record("q", 1, Map.of()).vector()).maxResults(100).build());
    assertThat(all).hasSize(28).noneMatch(h -> h.id().equals("r0") || h.chunk().metadata()
        .getString("group").orElse("").equals("g2"));
  }

  @Test
  public void everyOperatorWorksOnEveryValueType() {
    List<VectorRecord> records = List.of(
        record("str", 1, Map.of("v", "beta")),
        record("long", 2, Map.of("v", 7L)),
        record("dbl", 3, Map.of("v", 2.5)),
        record("bool", 4, Map.of("v", true)),
        record("list", 5, Map.of("v", List.of("alpha", 9L))),
        record("none", 6, Map.of("other", "x")));
    store.upsert(records);
    Map<Filter, List<String>> expected = new LinkedHashMap<>();
    expected.put(Filter.eq("v", "beta"), List.of("str"));
    expected.put(Filter.eq("v", 7), List.of("long"));
    expected.put(Filter.eq("v", 7.0), List.of("long"));
    expected.put(Filter.eq("v", 2.5), List.of("dbl"));
    expected.put(Filter.eq("v", true), List.of("bool"));
    expected.put(Filter.eq("v", "alpha"), List.of("list"));
    expected.put(Filter.eq("v", 9), List.of("list"));
    expected.put(Filter.in("v", List.of("beta", 2.5, false)), List.of("str", "dbl"));
    expected.put(Filter.gt("v", 5), List.of("long", "list"));
    expected.put(Filter.gte("v", 2.5), List.of("long", "dbl", "list"));
    expected.put(Filter.lt("v", 7), List.of("dbl"));
    expected.put(Filter.lte("v", "beta"), List.of("str", "list"));
    expected.put(Filter.between("v", "b", "c"), List.of("str"));
    expected.put(Filter.and(Filter.gt("v", 1), Filter.lt("v", 8)), List.of("long", "dbl"));
    expected.put(Filter.or(Filter.eq("v", true), Filter.eq("other", "x")), List.of("bool", "none"));
    expected.put(Filter.not(Filter.eq("v", "beta")), List.of("long", "dbl", "bool", "list", "none"));
    expected.put(Filter.not(Filter.gt("v", 0)), List.of("str", "bool", "none"));
    expected.put(Filter.eq("missing", "beta"), List.of());
    float[] query = record("q", 99, Map.of()).vector();
    expected.forEach((filter, ids) -> {
      assertThat(ids).as("the contract's own expectation for %s", filter).containsExactlyInAnyOrderElementsOf(
          records.stream().filter(r -> filter.matches(r.chunk().metadata())).map(VectorRecord::id).toList());
      assertThat(store.search(SearchRequest.builder(query).maxResults(10).filter(filter).build()))
          .as("filter %s", filter).extracting(SearchHit::id).containsExactlyInAnyOrderElementsOf(ids);
    });
  }

  @Test
  public void randomFiltersSelectExactlyWhatFilterMatchesSelects() {
    RandomFilters random = new RandomFilters();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(record("f" + i, i, random.metadata()));
    }
    store.upsert(records);
    float[] query = record("q", 4242, Map.of()).vector();
    int selective = 0;
    for (int i = 0; i < 400; i++) {
      Filter filter = random.filter();
      Set<String> expected = records.stream().filter(r -> filter.matches(r.chunk().metadata()))
          .map(VectorRecord::id).collect(Collectors.toSet());
      List<SearchHit> hits =
          store.search(SearchRequest.builder(query).maxResults(records.size()).filter(filter).build());
      assertThat(hits.stream().map(SearchHit::id).collect(Collectors.toSet())).as("filter %s", filter)
          .isEqualTo(expected);
      if (!expected.isEmpty() && expected.size() < records.size()) {
        selective++;
      }
    }
    assertThat(selective).as("filters that select some but not all records").isGreaterThan(100);
  }

  @Test
  public void deleteWhereRemovesExactlyWhatRandomFiltersMatch() {
    RandomFilters random = new RandomFilters(7);
    List<VectorRecord> left = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      left.add(record("w" + i, i, random.metadata()));
    }
    store.upsert(left);
    for (int i = 0; i < 25 && !left.isEmpty(); i++) {
      Filter filter = random.filter();
      Set<String> expected = left.stream().filter(r -> filter.matches(r.chunk().metadata()))
          .map(VectorRecord::id).collect(Collectors.toSet());

      assertThat(store.deleteWhere(filter)).as("filter %s", filter).isEqualTo(expected.size());

      left.removeIf(r -> expected.contains(r.id()));
      assertThat(store.count()).isEqualTo(left.size());
    }
  }

  @Test
  public void minScoreDropsTheHitsBelowIt() {
    List<VectorRecord> records = corpus(50);
    store.upsert(records);
    float[] query = records.get(3).vector();
    List<SearchHit> all = store.search(SearchRequest.builder(query).maxResults(50).build());
    double cut = all.get(10).score();

    List<SearchHit> above = store.search(SearchRequest.builder(query).maxResults(50).minScore(cut).build());

    assertThat(above).isNotEmpty().allSatisfy(h -> assertThat(h.score()).isGreaterThanOrEqualTo(cut));
    assertThat(above).hasSize((int) all.stream().filter(h -> h.score() >= cut).count());
    assertThat(above.get(0).id()).isEqualTo("r3");
  }

  @Test
  public void upsertReplacesTextMetadataAndVector() {
    store.upsert(corpus(10));
    VectorRecord before = record("r4", 4, Map.of("group", "g0", "rank", 4));
    VectorRecord after = new VectorRecord(
        new Chunk("r4", "doc-r4", "a new text", Metadata.of(Map.of("group", "moved")), 2, 12),
        record("other", 777, Map.of()).vector());

    store.upsert(List.of(after));

    assertThat(store.count()).isEqualTo(10);
    VectorRecord got = store.get(List.of("r4")).getFirst();
    assertThat(got.chunk()).isEqualTo(after.chunk());
    assertThat(cosine(got.vector(), after.vector())).isGreaterThan(0.999);
    assertThat(store.search(SearchRequest.builder(after.vector()).maxResults(1).build()).get(0).id()).isEqualTo("r4");
    assertThat(store.search(SearchRequest.builder(before.vector()).maxResults(10).filter(Filter.eq("group", "g0"))
        .build())).extracting(SearchHit::id).doesNotContain("r4");
    assertThat(store.search(SearchRequest.builder(after.vector()).maxResults(10).filter(Filter.eq("group", "moved"))
        .build())).extracting(SearchHit::id).containsExactly("r4");
  }

  @Test
  public void deletingUnknownOrNoIdsRemovesNothing() {
    store.upsert(corpus(5));
    assertThat(store.delete(List.of())).isZero();
    assertThat(store.delete(List.of("unknown", "r9"))).isZero();
    assertThat(store.deleteWhere(Filter.eq("group", "no such group"))).isZero();
    assertThat(store.delete(List.of("r1", "r1"))).isEqualTo(1);
    assertThat(store.count()).isEqualTo(4);
  }

  @Test
  public void aBatchIsRejectedWholeAndANaNNeverReachesTheStore() {
    store.upsert(corpus(3));
    List<VectorRecord> mixed = new ArrayList<>(corpus(6).subList(3, 6));
    mixed.add(new VectorRecord(new Chunk("bad", "d", "t", Metadata.empty(), 0, 1), new float[DIMENSION + 2]));
    assertThatThrownBy(() -> store.upsert(mixed)).isInstanceOf(IllegalArgumentException.class);
    float[] nan = record("n", 1, Map.of()).vector();
    nan[0] = Float.NaN;
    assertThatThrownBy(() -> new VectorRecord(new Chunk("nan", "d", "t", Metadata.empty(), 0, 1), nan))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.count()).isEqualTo(3);
    assertThat(store.get(List.of("r3", "r4", "r5", "bad"))).isEmpty();
  }

  @Test
  public void aBatchLargerThanTheStoresOwnBatchSizeIsStoredWhole() {
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < largeBatch(); i++) {
      records.add(record("big" + i, i, Map.of("i", i)));
    }
    store.upsert(records);

    assertThat(store.count()).isEqualTo(largeBatch());
    assertThat(store.get(List.of("big0", "big" + (largeBatch() - 1)))).hasSize(2);
    assertThat(store.search(SearchRequest.builder(records.get(largeBatch() / 2).vector()).maxResults(1)
        .filter(Filter.eq("i", largeBatch() / 2)).build())).extracting(SearchHit::id)
        .containsExactly("big" + largeBatch() / 2);
  }

  @Test
  public void concurrentWritersAndReadersSeeWholeRecords() throws Exception {
    store.upsert(corpus(20));
    int writers = 3;
    int perWriter = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            store.upsert(List.of(record("c" + writer + "-" + i, 1000L * writer + i, Map.of("writer", writer))));
          }
        }));
      }
      for (int r = 0; r < 2; r++) {
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < 40; i++) {
            for (SearchHit hit : store.search(SearchRequest.builder(record("q", i, Map.of()).vector())
                .maxResults(5).build())) {
              assertThat(hit.chunk().text()).isEqualTo("text " + hit.id());
            }
          }
        }));
      }
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.count()).isEqualTo(20 + writers * perWriter);
    assertThat(store.search(SearchRequest.builder(record("q", 1, Map.of()).vector()).maxResults(200)
        .filter(Filter.eq("writer", 2)).build())).hasSize(perWriter);
  }

  @Test
  public void aNewClientOnTheSameRecordsSeesThemAll() {
    List<VectorRecord> records = corpus(30);
    store.upsert(records);
    store.delete(List.of("r0"));
    Optional<VectorStore> again = reopen(store);
    Assumptions.assumeTrue(again.isPresent(), "this store lives in memory only: nothing to reopen");

    VectorStore reopened = again.get();
    assertThat(reopened.count()).isEqualTo(29);
    assertThat(reopened.get(List.of("r0", "r7"))).extracting(VectorRecord::chunk)
        .containsExactly(records.get(7).chunk());
    assertThat(reopened.search(SearchRequest.builder(records.get(12).vector()).maxResults(1).build()).get(0).id())
        .isEqualTo("r12");
  }

  @Test
  public void badInputIsRejectedAndNothingStoredIsLost() {
    store.upsert(corpus(5));
    VectorRecord wrongDimension =
        new VectorRecord(new Chunk("x", "d", "t", Metadata.empty(), 0, 1), new float[DIMENSION + 1]);
    assertThatThrownBy(() -> store.upsert(List.of(record("ok", 1, Map.of()), wrongDimension)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.upsert(List.of(record("dup", 1, Map.of()), record("dup", 2, Map.of()))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.search(SearchRequest.builder(new float[DIMENSION - 1]).build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.upsert(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.count()).isEqualTo(5);
    assertThat(store.search(SearchRequest.builder(record("q", 3, Map.of()).vector()).maxResults(10).build())).hasSize(5);
  }
}
