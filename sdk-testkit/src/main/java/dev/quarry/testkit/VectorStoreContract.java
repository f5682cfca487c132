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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} must show, as an abstract JUnit suite: extend it, return a new empty
 * store of dimension {@link #DIMENSION} with cosine similarity from {@link #newStore()}, and every test runs
 * against it. Approximate stores pass too: the suite uses few enough records that any reasonable index finds the
 * true neighbours, and checks ordering and filters rather than exact scores.
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
