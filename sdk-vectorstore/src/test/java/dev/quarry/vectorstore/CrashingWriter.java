package dev.quarry.vectorstore;

import dev.quarry.api.store.VectorRecord;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The child process of {@link CrashRecoveryTest}: writes to a persistent store until it is killed. It prints
 * {@code READY} on standard output once the store is open, and appends {@code ACK <batch>} to the acknowledgement
 * file after each upsert of a batch returns and {@code DEL <batch>} after each delete of a batch returns, so the
 * parent knows which writes were acknowledged. A file, not the pipe: killing a process through {@link Process}
 * closes the parent's end of its output pipe, dropping lines the parent had not read yet, while each line written
 * to the file is in the kernel before the next write starts.
 *
 * <p>Arguments: folder, first batch number, fsync policy, acknowledgement file.
 */
public final class CrashingWriter {
  static final int DIMENSION = 16;
  static final int BATCH = 20;

  private CrashingWriter() {}

  public static void main(String[] args) throws FileNotFoundException {
    Path folder = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]);
    FsyncPolicy fsync = FsyncPolicy.valueOf(args[2]);
    PrintStream ready = System.out;
    SplittableRandom random = new SplittableRandom(batch);
    try (PrintStream out = new PrintStream(new FileOutputStream(args[3], true), false, StandardCharsets.UTF_8);
        EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIMENSION).folder(folder).fsync(fsync)
        .checkpointLogBytes(48 * 1024).build()) {
      ready.println("READY");
      ready.flush();
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
