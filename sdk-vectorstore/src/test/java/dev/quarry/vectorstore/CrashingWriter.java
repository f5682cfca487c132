package dev.quarry.vectorstore;

import dev.quarry.api.store.VectorRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The child process of {@link CrashRecoveryTest}: writes to a persistent store until it is killed. It prints
 * {@code READY} once the store is open, {@code ACK <batch>} after each upsert of a batch returns and {@code DEL
 * <batch>} after each delete of a batch returns, so the parent knows which writes were acknowledged.
 *
 * <p>Arguments: folder, first batch number, fsync policy.
 */
public final class CrashingWriter {
  static final int DIMENSION = 16;
  static final int BATCH = 20;

  private CrashingWriter() {}

  public static void main(String[] args) {
    Path folder = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]);
    FsyncPolicy fsync = FsyncPolicy.valueOf(args[2]);
    PrintStream out = System.out;
    SplittableRandom random = new SplittableRandom(batch);
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIMENSION).folder(folder).fsync(fsync)
        .checkpointLogBytes(48 * 1024).build()) {
      out.println("READY");
      out.flush();
      for (int n = 0; ; n++, batch++) {
        store.upsert(batch(batch, random));
        out.println("ACK " + batch);
        out.flush();
        if (n % 5 == 4) {
          int victim = batch - 3;
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < BATCH; i++) {
            ids.add(id(victim, i));
          }
          store.delete(ids);
          out.println("DEL " + victim);
          out.flush();
        }
      }
    }
  }

  static String id(int batch, int i) {
    return "b" + batch + "-" + i;
  }

  static List<VectorRecord> batch(int batch, SplittableRandom random) {
    List<VectorRecord> records = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      float[] vector = new float[DIMENSION];
      for (int d = 0; d < DIMENSION; d++) {
        vector[d] = (float) random.nextDouble(-1, 1);
      }
      records.add(TestRecords.record(id(batch, i), Map.of("batch", batch), vector));
    }
    return records;
  }
}
