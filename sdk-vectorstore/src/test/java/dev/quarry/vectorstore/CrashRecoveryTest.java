package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;


import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that writes to a persistent store with SIGKILL at random moments, then reopens the folder:
 * every acknowledged upsert and delete must be there, and the batch in flight is there whole or not at all. The
 * runs share one folder, so each recovery starts from the previous one's. Checkpoints are frequent (a 48 KiB
 * log), so kills also land inside snapshot writes.
 */
class CrashRecoveryTest {
  private static final int RUNS = 24;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill(@TempDir Path folder, @TempDir Path acksFolder) throws Exception {
    Random random = new Random(2026);
    Set<Integer> present = new HashSet<>();
    Set<Integer> deleted = new HashSet<>();
    int totalAcks = 0;
    for (int run = 0; run < RUNS; run++) {
      int firstBatch = run * 100_000;
      FsyncPolicy fsync = run % 2 == 0 ? FsyncPolicy.ALWAYS : FsyncPolicy.NEVER;
      Path acks = acksFolder.resolve("run-" + run + ".txt");
      List<String> lines = runAndKill(folder, firstBatch, fsync, acks, 150 + random.nextInt(1200));
      Set<Integer> acked = new HashSet<>();
      Set<Integer> deleteAcked = new HashSet<>();
      // Every write this run acknowledged, in order, is the prefix firstBatch, firstBatch + 1, ...
      for (String line : lines) {
        if (line.startsWith("ACK ")) {
          acked.add(Integer.parseInt(line.substring(4)));
        } else if (line.startsWith("DEL ")) {
          deleteAcked.add(Integer.parseInt(line.substring(4)));
        }
      }
      totalAcks += acked.size();
      try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(CrashingWriter.DIMENSION).folder(folder).build()) {
        // Batches after the last acknowledged one may have been written before the kill (the acknowledgement of the
        // last may also not have reached this side before the child died): each is whole or absent.
        int inFlight = firstBatch + acked.size();
        int inFlightCount = 0;
        for (int batch = inFlight; batch < inFlight + 3; batch++) {
          int count = countBatch(store, batch);
          assertThat(count).as("run %d, unacknowledged batch %d", run, batch).isIn(0, CrashingWriter.BATCH);
          if (count > 0) {
            acked.add(batch);
            inFlightCount += count;
          }
        }
        present.addAll(acked);
        // A delete in flight (of batch b - 3 after batch b) is likewise whole or absent.
        for (int batch : acked) {
          int victimOf = batch - firstBatch;
          if (victimOf % 5 == 4 && !deleteAcked.contains(batch - 3) && countBatch(store, batch - 3) == 0) {
            deleteAcked.add(batch - 3);
          }
        }
        present.removeAll(deleteAcked);
        deleted.addAll(deleteAcked);
        for (int batch : present) {
          assertThat(countBatch(store, batch)).as("run %d, acknowledged batch %d", run, batch)
              .isEqualTo(CrashingWriter.BATCH);
        }
        for (int batch : deleted) {
          assertThat(countBatch(store, batch)).as("run %d, deleted batch %d", run, batch).isZero();
        }
        assertThat(store.count()).as("run %d, batches present beyond the expected ones: %s; acked %d (%s..%s),"
                + " in flight %d holding %d, deletes acked %s", run, unexpectedBatches(store, present), acked.size(),
                acked.stream().min(Integer::compare).orElse(-1), acked.stream().max(Integer::compare).orElse(-1),
                inFlight, inFlightCount, new java.util.TreeSet<>(deleteAcked)).isEqualTo((long) present.size() * CrashingWriter.BATCH);
      }
    }
    assertThat(totalAcks).as("the child must have written before each kill").isGreaterThan(RUNS * 5);
    System.out.printf("CrashRecoveryTest: %d SIGKILL runs, %d acknowledged batches, %d deleted, %d present%n",
        RUNS, totalAcks, deleted.size(), present.size());
  }

  private static final float[] ANY_QUERY = ones();

  /** For a failure message: the batches the store holds that the test did not expect, with their record counts. */
  private static java.util.Map<Long, Long> unexpectedBatches(EmbeddedVectorStore store, Set<Integer> present) {
    return store.search(SearchRequest.builder(ANY_QUERY).maxResults(1_000_000).build(), SearchOptions.exactSearch())
        .stream().map(hit -> (Long) hit.chunk().metadata().asMap().get("batch"))
        .filter(batch -> !present.contains(batch.intValue()))
        .collect(java.util.stream.Collectors.groupingBy(b -> b, java.util.TreeMap::new,
            java.util.stream.Collectors.counting()));
  }

  private static float[] ones() {
    float[] v = new float[CrashingWriter.DIMENSION];
    java.util.Arrays.fill(v, 1);
    return v;
  }

  private static int countBatch(EmbeddedVectorStore store, int batch) {
    return store.search(SearchRequest.builder(ANY_QUERY).maxResults(100)
            .filter(Filter.eq("batch", batch)).build(), SearchOptions.exactSearch())
        .size();
  }

  /** Runs the writer for {@code millis} after it opened the store, kills it, and returns its acknowledgements. */
  private static List<String> runAndKill(Path folder, int firstBatch, FsyncPolicy fsync, Path acks, int millis)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashingWriter.class.getName(), folder.toString(), String.valueOf(firstBatch), fsync.name(), acks.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.equals("READY")) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // the child is gone
      }
    });
    reader.start();
    try {
      assertThat(ready.await(60, TimeUnit.SECONDS)).as("child opened the store").isTrue();
      Thread.sleep(millis);
    } finally {
      child.destroyForcibly(); // SIGKILL on Unix
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
      reader.join(10_000);
    }
    return Files.exists(acks) ? Files.readAllLines(acks, StandardCharsets.UTF_8) : List.of();
  }
}
