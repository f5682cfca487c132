package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.document.Document;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two openers racing to create one folder with different models: at most one may fill it, and the manifest names
 * the model whose vectors it holds. (The model is recorded and checked with the folder's stores locked; before,
 * the loser could overwrite the winner's manifest once the winner had closed.)
 */
class QuarryFolderRaceTest {
  private static final int ROUNDS = 40;

  @Test
  void twoOpenersWithDifferentModelsNeverBothFillANewFolder(@TempDir Path tmp) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        Path folder = tmp.resolve("store-" + round);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> openers = new ArrayList<>();
        for (String id : List.of("hash-a", "hash-b")) {
          openers.add(pool.submit(() -> fill(folder, id, start)));
        }
        start.countDown();
        List<String> filledBy = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          if (openers.get(i).get()) {
            filledBy.add(i == 0 ? "hash-a" : "hash-b");
          }
        }
        assertThat(filledBy).as("round %d", round).hasSizeLessThanOrEqualTo(1);
        if (filledBy.size() == 1) {
          assertThat(Files.readString(folder.resolve(QuarryFolder.MANIFEST)))
              .as("round %d", round).contains("model=" + filledBy.getFirst());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Opens {@code folder} with the model {@code id}, stores one document and closes; false if refused. */
  private static boolean fill(Path folder, String id, CountDownLatch start) throws InterruptedException {
    start.await();
    try (Quarry quarry = Quarry.builder().folder(folder).embeddings(new HashingEmbeddingModel(16), id).build()) {
      quarry.ingest(List.of(Document.of("d-" + id, "A document embedded by " + id + ".")));
      return true;
    } catch (FolderLockedException e) {
      return false; // the other opener holds the folder
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageContaining("was filled by the embedding model");
      return false; // the other opener recorded its model first
    }
  }
}
