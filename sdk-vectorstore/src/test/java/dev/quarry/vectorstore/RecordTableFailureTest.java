package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.vectorstore.internal.index.Accept;
import dev.quarry.vectorstore.internal.index.ExactIndex;
import dev.quarry.vectorstore.internal.index.Neighbors;
import dev.quarry.vectorstore.internal.index.Similarity;
import dev.quarry.vectorstore.internal.index.VectorIndex;
import dev.quarry.vectorstore.internal.index.VectorSet;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch whose indexing fails midway (after its vectors were appended): the table is broken, searches still see
 * exactly the records committed before it, and it takes no more batches. A batch the index cannot hold is refused
 * with nothing changed. The failing index is a test double ({@link FailingIndex}) around a real exact index.
 */
class RecordTableFailureTest {
  private static final int DIM = 8;

  @Test
  void aBatchThatFailsWhileIndexedBreaksTheTableButSearchesKeepTheCommittedRecords() {
    float[][] vectors = TestRecords.clustered(300, DIM, 5);
    FailingIndex index = new FailingIndex(new VectorSet(DIM, 16));
    RecordTable table = new RecordTable(Similarity.DOT, new IndexFactory(IndexOptions.exact(), Metric.DOT_PRODUCT),
        index.vectors, new Chunk[0], index, null);
    table.upsert(batch(vectors, 0, 100));

    index.failNext = new OutOfMemoryError("test double: indexing failed");
    assertThatThrownBy(() -> table.stage(batch(vectors, 100, 300))).isInstanceOf(OutOfMemoryError.class);

    assertThat(table.brokenBy()).isInstanceOf(OutOfMemoryError.class);
    assertThat(table.count()).isEqualTo(100);
    List<SearchHit> all = table.search(vectors[150], 1000, null, Double.NEGATIVE_INFINITY, SearchOptions.defaults());
    assertThat(all).hasSize(100).allSatisfy(hit -> assertThat(Integer.parseInt(hit.id().substring(1))).isLessThan(100));
    assertThat(table.search(vectors[3], 1, null, Double.NEGATIVE_INFINITY, SearchOptions.efSearch(16))).first()
        .satisfies(hit -> assertThat(hit.id()).isEqualTo("r3"));
    assertThatThrownBy(() -> table.stage(batch(vectors, 200, 201))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("an earlier batch failed while it was indexed");
  }

  @Test
  void aBatchTheIndexCannotHoldIsRefusedWithNothingChanged() {
    float[][] vectors = TestRecords.clustered(50, DIM, 6);
    FailingIndex index = new FailingIndex(new VectorSet(DIM, 16));
    RecordTable table = new RecordTable(Similarity.DOT, new IndexFactory(IndexOptions.exact(), Metric.DOT_PRODUCT),
        index.vectors, new Chunk[0], index, null);
    table.upsert(batch(vectors, 0, 20));
    index.capacity = 30;

    assertThatThrownBy(() -> table.stage(batch(vectors, 20, 50))).isInstanceOf(IllegalStateException.class);

    assertThat(table.brokenBy()).isNull();
    assertThat(index.vectors.size()).isEqualTo(20);
    table.upsert(batch(vectors, 20, 30));
    assertThat(table.count()).isEqualTo(30);
  }

  private static List<RecordTable.Prepared> batch(float[][] vectors, int from, int to) {
    List<RecordTable.Prepared> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      batch.add(new RecordTable.Prepared(TestRecords.numbered(i, vectors[i]).chunk(), java.nio.FloatBuffer.wrap(vectors[i])));
    }
    return batch;
  }

  /** Test double: an exact index that throws a set failure while preparing, or refuses to grow past a capacity. */
  private static final class FailingIndex implements VectorIndex {
    final VectorSet vectors;
    final ExactIndex exact;
    Throwable failNext;
    int capacity = Integer.MAX_VALUE;

    FailingIndex(VectorSet vectors) {
      this.vectors = vectors;
      this.exact = new ExactIndex(vectors, Similarity.DOT);
    }

    @Override
    public String kind() {
      return "exact";
    }

    @Override
    public void reserve(int size) {
      if (size > capacity) {
        throw new IllegalStateException("test double: room for " + capacity + " vectors");
      }
    }

    @Override
    public void prepareUpTo(int size) {
      if (failNext instanceof Error error) {
        throw error;
      }
      exact.prepareUpTo(size);
    }

    @Override
    public void publish() {
      exact.publish();
    }

    @Override
    public Neighbors search(float[] query, int k, Accept accept, SearchOptions options) {
      return exact.search(query, k, accept, options);
    }

    @Override
    public void write(DataOutput out) throws IOException {
      exact.write(out);
    }
  }
}
