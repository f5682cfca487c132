package dev.quarry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.embedding.EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int TEXTS_PER_THREAD = 200;
  private static final int BATCH = 20;
  /** How far apart the threads start: neighbours share 15 of the 20 texts of each batch they embed at once. */
  private static final int SHIFT = 5;

  @TempDir Path folder;

  @Test
  void overlappingCallsInMemoryGetTheModelsVectorsAndEmbedEachTextOnce() throws Exception {
    RecordingEmbeddingModel model = new RecordingEmbeddingModel(16).delayMillis(1);
    try (CachingEmbeddingModel cache = CachingEmbeddingModel.builder(model, "recording-16").build()) {
      runOverlapping(cache, model);
      assertThat(cache.stats().entriesInMemory()).isEqualTo(distinctTexts() + 1); // and the query
    }
  }

  @Test
  void overlappingCallsWithAFolderGetTheModelsVectorsAndEmbedEachTextOnce() throws Exception {
    RecordingEmbeddingModel model = new RecordingEmbeddingModel(16).delayMillis(1);
    try (CachingEmbeddingModel cache = CachingEmbeddingModel.builder(model, "recording-16")
        .folder(folder)
        .maximumEntries(50) // most hits are read back from the file
        .build()) {
      runOverlapping(cache, model);
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(distinctTexts()); // queries stay in memory
    }
    RecordingEmbeddingModel reopened = new RecordingEmbeddingModel(16);
    try (CachingEmbeddingModel cache = CachingEmbeddingModel.builder(reopened, "recording-16").folder(folder).build()) {
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(distinctTexts());
      List<String> all = IntStream.range(0, distinctTexts()).mapToObj(ConcurrencyTest::text).toList();
      List<float[]> vectors = cache.embedDocuments(all);
      assertThat(reopened.batches()).isEmpty();
      for (int i = 0; i < all.size(); i++) {
        assertThat(vectors.get(i)).containsExactly(reopened.documentVector(all.get(i)));
      }
    }
  }

  /**
   * Thread {@code t} embeds texts {@code 5t} to {@code 5t + 199} in batches of 20, so neighbouring threads share
   * most of their texts, and every thread also embeds one query all of them share.
   */
  private static void runOverlapping(CachingEmbeddingModel cache, RecordingEmbeddingModel model) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Map<String, float[]>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t * SHIFT;
        results.add(pool.submit(() -> {
          start.await();
          Map<String, float[]> seen = new HashMap<>();
          for (int from = first; from < first + TEXTS_PER_THREAD; from += BATCH) {
            List<String> batch = IntStream.range(from, from + BATCH).mapToObj(ConcurrencyTest::text).toList();
            List<float[]> vectors = cache.embedDocuments(batch);
            for (int i = 0; i < batch.size(); i++) {
              seen.put(batch.get(i), vectors.get(i));
            }
            seen.put("query", cache.embedQuery("shared query"));
          }
          return seen;
        }));
      }
      start.countDown();
      for (Future<Map<String, float[]>> result : results) {
        result.get(60, TimeUnit.SECONDS).forEach((text, vector) -> assertThat(vector).as(text).containsExactly(
            text.equals("query") ? model.queryVector("shared query") : model.documentVector(text)));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(model.documents()).doesNotHaveDuplicates().hasSize(distinctTexts());
    // the query is embedded again only after the small memory evicted it (queries are not kept on disk)
    assertThat(model.queries()).isNotEmpty().containsOnly("shared query");
    assertThat(cache.stats().misses()).isEqualTo(distinctTexts() + model.queries().size());
    assertThat(cache.stats().hits() + cache.stats().misses())
        .isEqualTo((long) THREADS * (TEXTS_PER_THREAD + TEXTS_PER_THREAD / BATCH));
  }

  @Test
  void aCallWaitingForAnotherThatFailsEmbedsTheTextItself() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    RecordingEmbeddingModel vectors = new RecordingEmbeddingModel(4);
    EmbeddingModel failsFirst = new EmbeddingModel() { // a test double: its first call blocks, then fails
      @Override
      public int dimension() {
        return 4;
      }

      @Override
      public List<float[]> embedDocuments(List<String> texts) {
        if (calls.incrementAndGet() == 1) {
          entered.countDown();
          await(release);
          throw new IllegalStateException("first call fails on purpose");
        }
        return vectors.embedDocuments(texts);
      }

      @Override
      public float[] embedQuery(String query) {
        throw new UnsupportedOperationException();
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (CachingEmbeddingModel cache = CachingEmbeddingModel.builder(failsFirst, "fails-first").build()) {
      Future<List<float[]>> owner = pool.submit(() -> cache.embedDocuments(List.of("shared")));
      entered.await(10, TimeUnit.SECONDS);
      Future<List<float[]>> waiter = pool.submit(() -> cache.embedDocuments(List.of("shared")));
      Thread.sleep(100); // lets the waiter find the owner's claim (if it does not yet, it claims the text itself)
      release.countDown();

      assertThatThrownBy(() -> owner.get(10, TimeUnit.SECONDS)).hasMessageContaining("fails on purpose");
      assertThat(waiter.get(10, TimeUnit.SECONDS).get(0)).containsExactly(vectors.documentVector("shared"));
      assertThat(calls).hasValue(2);
      assertThat(cache.embedDocuments(List.of("shared")).get(0)).containsExactly(vectors.documentVector("shared"));
      assertThat(calls).hasValue(2);
    } finally {
      pool.shutdownNow();
    }
  }

  private static int distinctTexts() {
    return (THREADS - 1) * SHIFT + TEXTS_PER_THREAD;
  }

  private static String text(int i) {
    return "passage " + i + " about topic " + (i % 7);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
