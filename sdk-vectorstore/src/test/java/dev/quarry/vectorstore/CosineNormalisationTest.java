package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Cosine keeps the direction of any finite vector, however large or small its components. */
class CosineNormalisationTest {
  private static final float HUGE = 3e38f; // its square overflows a float
  private static final float TINY = Float.MIN_VALUE; // its square underflows a float to 0

  static Stream<IndexOptions> indexes() {
    return Stream.of(IndexOptions.exact(), IndexOptions.hnsw(), IvfOptions.builder().build());
  }

  private static VectorRecord record(String id, float... vector) {
    return TestRecords.record(id, Map.of(), vector);
  }

  private static List<VectorRecord> records() {
    return List.of(record("huge", HUGE, HUGE, 0, 0), record("x", 1, 0, 0, 0), record("y", 0, 1, 0, 0),
        record("opposite", -HUGE, -HUGE, 0, 0), record("tiny", 0, 0, TINY, 0),
        record("mixed", 0, 0, Float.MAX_VALUE, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indexes")
  void aVectorWithHugeComponentsRanksByItsDirection(IndexOptions index) {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(4).index(index).build();
    store.upsert(records());

    List<SearchHit> hits = store.search(SearchRequest.builder(new float[] {1, 1, 0, 0}).maxResults(6).build());

    assertThat(hits.get(0).id()).isEqualTo("huge");
    assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-6));
    assertThat(hits).extracting(SearchHit::id).containsSubsequence("huge", "x", "opposite");
    assertThat(hits.get(5).id()).isEqualTo("opposite");
    assertThat(hits.get(5).score()).isCloseTo(-1.0, within(1e-6));
  }

  @Test
  void aQueryWithHugeOrTinyComponentsIsNormalisedToo() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(4).index(IndexOptions.exact()).build();
    store.upsert(records());

    SearchHit huge = store.search(SearchRequest.builder(new float[] {HUGE, HUGE, 0, 0}).maxResults(1).build()).get(0);
    SearchHit tiny = store.search(SearchRequest.builder(new float[] {0, 0, TINY, 0}).maxResults(1).build()).get(0);

    assertThat(huge.id()).isEqualTo("huge");
    assertThat(huge.score()).isCloseTo(1.0, within(1e-6));
    assertThat(tiny.id()).isIn("tiny", "mixed");
    assertThat(tiny.score()).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void subnormalComponentsKeepTheirDirection() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(4).build();
    store.upsert(List.of(record("tiny", TINY, TINY, 0, 0), record("far", 0, 0, 1, 0)));

    SearchHit best = store.search(SearchRequest.builder(new float[] {1, 1, 0, 0}).maxResults(1).build()).get(0);

    assertThat(best.id()).isEqualTo("tiny");
    assertThat(best.score()).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void hugeVectorsSurviveASnapshotAndReopen(@TempDir Path dir) {
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(4).folder(dir).build()) {
      store.upsert(records());
    }
    try (EmbeddedVectorStore reopened = EmbeddedVectorStore.builder(4).folder(dir).build()) {
      SearchHit best = reopened.search(SearchRequest.builder(new float[] {1, 1, 0, 0}).maxResults(1).build()).get(0);
      assertThat(best.id()).isEqualTo("huge");
      assertThat(best.score()).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void prepareNormalisesWithoutOverflowOrUnderflow() {
    assertThat(Metric.COSINE.prepare(new float[] {HUGE, 0, 0})).containsExactly(1, 0, 0);
    assertThat(Metric.COSINE.prepare(new float[] {1.5e38f, 2e38f}))
        .containsExactly(new float[] {0.6f, 0.8f}, within(1e-7f));
    assertThat(Metric.COSINE.prepare(new float[] {3 * TINY, 4 * TINY}))
        .containsExactly(new float[] {0.6f, 0.8f}, within(1e-7f));
    assertThat(Metric.COSINE.prepare(new float[] {-Float.MAX_VALUE, -Float.MAX_VALUE}))
        .containsExactly(new float[] {-0.70710677f, -0.70710677f}, within(1e-7f));
    float[] given = {HUGE, 0};
    Metric.COSINE.prepare(given);
    assertThat(given).containsExactly(HUGE, 0); // a copy, not in place
    assertThat(Metric.DOT_PRODUCT.prepare(new float[] {HUGE, 0})).containsExactly(HUGE, 0);
  }

  @Test
  void zeroAndNonFiniteVectorsAreRefusedWithAReason() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).build();
    assertThatThrownBy(() -> store.upsert(List.of(record("zero", 0, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record 'zero': a zero vector has no direction, so it cannot be used with COSINE");
    assertThatThrownBy(() -> store.upsert(List.of(record("negative-zero", -0f, 0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero vector");
    assertThatThrownBy(() -> record("nan", 1, Float.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vector of record 'nan' must have finite components, component 1 is NaN");
    assertThatThrownBy(() -> record("inf", Float.POSITIVE_INFINITY, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component 0 is Infinity");
    assertThatThrownBy(() -> store.search(SearchRequest.builder(new float[] {0, 0}).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero vector");
    assertThatThrownBy(() -> Metric.COSINE.prepare(new float[] {1, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite component");
    assertThat(store.count()).isZero();
  }

  @Test
  void otherMetricsTakeZeroVectorsAsTheyAre() {
    for (Metric metric : new Metric[] {Metric.DOT_PRODUCT, Metric.EUCLIDEAN}) {
      EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).metric(metric).build();
      store.upsert(List.of(record("zero", 0, 0)));
      assertThat(store.search(SearchRequest.builder(new float[] {0, 0}).build())).hasSize(1);
    }
  }
}
