package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;


import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two writers (upserts, replacements, deletes) and four readers (filtered and unfiltered searches, counts) on one
 * persistent store, bounded by the writers' work. Readers check what the Javadoc promises while writes go on;
 * afterwards every record a writer kept is there, in the store and after reopening.
 */
class ConcurrencyStressTest {
  private static final int DIM = 16;
  private static final int BATCHES_PER_WRITER = 150;
  private static final int BATCH = 12;

  static Stream<IndexOptions> indexes() {
    return Stream.of(IndexOptions.hnsw(), IvfOptions.builder().trainingThreshold(500).nlist(16).build(),
        IndexOptions.exact());
  }

  @ParameterizedTest
  @MethodSource("indexes")
  void twoWritersAndFourReadersLoseNothing(IndexOptions index, @TempDir Path folder) throws Exception {
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong searches = new AtomicLong();
    List<List<String>> kept = List.of(new ArrayList<>(), new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).index(index).folder(folder)
        .fsync(FsyncPolicy.NEVER).checkpointLogBytes(256 * 1024).build()) {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(writer);
          List<String> mine = kept.get(writer);
          for (int b = 0; b < BATCHES_PER_WRITER; b++) {
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
              String id = "w" + writer + "-" + b + "-" + i;
              batch.add(TestRecords.record(id, Map.of("writer", writer, "batch", b), vector(random)));
              mine.add(id);
            }
            store.upsert(batch);
            if (b % 3 == 2) { // delete a third of an earlier batch, replace another record
              List<String> victims = new ArrayList<>();
              for (int i = 0; i < BATCH / 3; i++) {
                victims.add("w" + writer + "-" + (b - 2) + "-" + i);
              }
              assertThat(store.delete(victims)).isEqualTo(victims.size());
              mine.removeAll(victims);
              String replaced = "w" + writer + "-" + (b - 1) + "-" + (BATCH - 1);
              store.upsert(List.of(TestRecords.record(replaced, Map.of("writer", writer, "batch", b - 1),
                  vector(random))));
            }
          }
          return null;
        }));
      }
      for (int r = 0; r < 4; r++) {
        int reader = r;
        pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(100 + reader);
          long lastCount = 0;
          try {
            while (writing.get()) {
              float[] q = vector(random);
              int k = 1 + random.nextInt(20);
              Filter filter = reader % 2 == 0 ? null : Filter.eq("writer", reader % 4 == 1 ? 0 : 1);
              SearchRequest.Builder request = SearchRequest.builder(q).maxResults(k);
              if (filter != null) {
                request.filter(filter);
              }
              long count = store.count(); // before the search: a reader may be paused between the two calls
              List<SearchHit> hits = store.search(request.build());
              assertThat(hits.size()).isLessThanOrEqualTo(k);
              if (count >= 400 && filter == null) {
                // Enough records (the count never falls by more than a few deletions): a full page every time.
                // Filtered pages are not checked here: one writer may not have written anything yet.
                assertThat(hits).hasSize(k);
              }
              for (int i = 1; i < hits.size(); i++) {
                assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
              }
              if (filter != null) {
                assertThat(hits).allMatch(h -> filter.matches(h.chunk().metadata()));
              }
              // Writers only add more than they delete, batch by batch: the count never falls far.
              assertThat(count).isGreaterThanOrEqualTo(lastCount - 2L * BATCH);
              lastCount = count;
              searches.incrementAndGet();
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        });
      }
      for (Future<?> writer : writers) {
        writer.get(5, TimeUnit.MINUTES);
      }
      writing.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      assertThat(failures).isEmpty();
      assertThat(searches.get()).as("readers ran alongside the writers").isGreaterThan(100);
      assertKept(store, kept);
    } finally {
      pool.shutdownNow();
    }
    try (EmbeddedVectorStore reopened = EmbeddedVectorStore.builder(DIM).index(index).folder(folder).build()) {
      assertKept(reopened, kept);
    }
  }

  private static void assertKept(EmbeddedVectorStore store, List<List<String>> kept) {
    long expected = kept.get(0).size() + kept.get(1).size();
    assertThat(store.count()).isEqualTo(expected);
    for (int writer = 0; writer < 2; writer++) {
      List<SearchHit> all = store.search(SearchRequest.builder(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          0, 0}).maxResults(10_000).filter(Filter.eq("writer", writer)).build(), SearchOptions.exactSearch());
      assertThat(all).extracting(SearchHit::id).containsExactlyInAnyOrderElementsOf(kept.get(writer));
    }
  }

  private static float[] vector(SplittableRandom random) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) random.nextDouble(-1, 1);
    }
    return v;
  }
}
