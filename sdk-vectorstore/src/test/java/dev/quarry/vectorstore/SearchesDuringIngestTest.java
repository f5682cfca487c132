package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Searches while one large batch is indexed: they are not held off for the batch, and each sees the store either
 * wholly before the batch or wholly after it (as the store's Javadoc promises), never a mix.
 */
class SearchesDuringIngestTest {
  private static final int DIM = 32;
  private static final int OLD = 1000;
  private static final int ADDED = 20_000;

  static Stream<IndexOptions> indexes() {
    return Stream.of(IndexOptions.hnsw(), IvfOptions.builder().trainingThreshold(500).build());
  }

  @Test
  void anInterruptDoesNotStopABatchAndNoBuildThreadOutlivesIt() {
    float[][] vectors = TestRecords.clustered(6000, DIM, 23);
    List<VectorRecord> batch = new ArrayList<>();
    for (int i = 0; i < vectors.length; i++) {
      batch.add(TestRecords.numbered(i, vectors[i]));
    }
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM)
        .index(HnswOptions.builder().buildThreads(4).build()).build()) {
      Thread.currentThread().interrupt();
      try {
        store.upsert(batch);
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("quarry-hnsw-build"));
      assertThat(store.count()).isEqualTo(vectors.length);
      store.upsert(List.of(TestRecords.numbered(vectors.length, vectors[0])));
      assertThat(store.search(SearchRequest.builder(vectors[42]).maxResults(1).build())).first()
          .satisfies(hit -> assertThat(hit.id()).isEqualTo("r42"));
    }
  }

  @ParameterizedTest
  @MethodSource("indexes")
  void searchesRunWhileABatchIsIndexedAndSeeItWholeOrNotAtAll(IndexOptions index) throws Exception {
    float[][] vectors = TestRecords.clustered(OLD + ADDED + OLD, DIM, 21);
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).index(index).build()) {
      List<VectorRecord> first = new ArrayList<>();
      for (int i = 0; i < OLD; i++) {
        first.add(TestRecords.record("old-" + i, Map.of("version", 1), vectors[i]));
      }
      store.upsert(first);
      // The batch replaces every old record (new vector, version 2) and adds ADDED new ones.
      List<VectorRecord> batch = new ArrayList<>();
      for (int i = 0; i < OLD; i++) {
        batch.add(TestRecords.record("old-" + i, Map.of("version", 2), vectors[OLD + ADDED + i]));
      }
      for (int i = 0; i < ADDED; i++) {
        batch.add(TestRecords.record("new-" + i, Map.of("version", 2), vectors[OLD + i]));
      }

      AtomicLong writeStarted = new AtomicLong();
      CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
        writeStarted.set(System.nanoTime());
        store.upsert(batch);
      });
      int before = 0;
      int mixed = 0;
      int insideWindow = 0;
      for (int q = 0; !writing.isDone(); q++) {
        long started = System.nanoTime();
        List<SearchHit> hits = store.search(SearchRequest.builder(vectors[q % vectors.length]).maxResults(10).build());
        if (writeStarted.get() != 0 && started > writeStarted.get() && !writing.isDone()) {
          insideWindow++; // started after the write began, finished before it returned
        }
        long oldVersions = hits.stream().filter(h -> h.chunk().metadata().getLong("version").orElseThrow() == 1)
            .count();
        if (oldVersions == hits.size()) {
          before++;
        } else if (oldVersions != 0) {
          mixed++;
        }
      }
      writing.get();

      assertThat(mixed).as("searches that saw part of the batch").isZero();
      assertThat(insideWindow).as("searches that started and finished while the batch was indexed")
          .isGreaterThanOrEqualTo(5);
      assertThat(before).as("searches that saw the store before the batch").isPositive();
      assertThat(store.count()).isEqualTo(OLD + ADDED);
      assertThat(store.search(SearchRequest.builder(vectors[OLD + ADDED]).maxResults(1).build())).first()
          .satisfies(hit -> assertThat(hit.id()).isEqualTo("old-0"));
      assertThat(store.search(SearchRequest.builder(vectors[OLD + 7]).maxResults(1).build())).first()
          .satisfies(hit -> assertThat(hit.id()).isEqualTo("new-7"));
    }
  }
}
