package dev.quarry.vectorstore.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quarry.api.RetriableException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pgvector server stops in the middle of an ingest: the upsert in flight fails with a {@link
 * RetriableException} naming what was not written, every upsert that returned is there after a restart, and the
 * rest, the failed batch included, can be written again without duplicates. Runs its own server on another port,
 * keeping its data in a folder, through the same script CI uses.
 */
class PgVectorServerStopTest {
  private static final int PORT = 55436;
  private static final int DIM = 8;
  private static final int BATCH = 50;

  @TempDir Path data;

  @Test
  void acknowledgedRecordsSurviveAStopAndTheRestCanBeWrittenAgain() throws Exception {
    PgVectorServer.pool(); // skips (or, in CI, fails) the test where no pgvector server can run
    String url = start();
    List<List<VectorRecord>> batches = new ArrayList<>();
    for (int b = 0; b < 200; b++) {
      List<VectorRecord> batch = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        batch.add(record(b * BATCH + i));
      }
      batches.add(batch);
    }
    int acknowledged = 0;
    RetriableException failure = null;
    try (HikariDataSource pool = pool(url)) {
      PgVectorStore store = PgVectorStore.builder(pool, DIM).table("stop_test").build();
      Thread stopper = Thread.ofPlatform().start(() -> {
        try {
          Thread.sleep(1_500);
          stop();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      try {
        for (List<VectorRecord> batch : batches) {
          store.upsert(batch);
          acknowledged++;
        }
      } catch (RetriableException e) {
        failure = e;
      }
      stopper.join();
    }
    assertThat(failure).as("the server stopped during the ingest").isNotNull();
    assertThat(failure.getMessage()).contains("an upsert of " + BATCH + " records into stop_test failed");
    assertThat(acknowledged).isPositive().isLessThan(batches.size());

    String again = start();
    try (HikariDataSource pool = pool(again)) {
      PgVectorStore store = PgVectorStore.builder(pool, DIM).table("stop_test").createIfMissing(false).build();
      long stored = store.count();
      assertThat(stored).as("every acknowledged record, and no part of the failed batch")
          .isIn((long) acknowledged * BATCH, (long) (acknowledged + 1) * BATCH);
      List<String> acknowledgedIds = batches.subList(0, acknowledged).stream().flatMap(List::stream)
          .map(VectorRecord::id).toList();
      assertThat(store.get(acknowledgedIds)).hasSize(acknowledgedIds.size());

      for (List<VectorRecord> batch : batches.subList(acknowledged, batches.size())) {
        store.upsert(batch); // the failed batch again, then the rest
      }
      store.upsert(batches.get(0)); // and a batch written before: idempotent
      assertThat(store.count()).isEqualTo((long) batches.size() * BATCH);
    } finally {
      stop();
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  private static VectorRecord record(int i) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) Math.sin(i * 31 + d + 1);
    }
    return new VectorRecord(new Chunk("r" + i, "doc" + i / 10, "text " + i, Metadata.of(Map.of("i", i)), 0, 5), v);
  }

  /** Starts the second server on {@link #PORT} with its data in {@link #data}; returns its JDBC URL. */
  private String start() throws IOException, InterruptedException {
    String out = script(List.of());
    Matcher url = Pattern.compile("QUARRY_TEST_PGVECTOR_URL='([^']+)'").matcher(out);
    assertThat(url.find()).as("the script printed a URL: " + out).isTrue();
    return url.group(1);
  }

  private void stop() throws IOException, InterruptedException {
    script(List.of("stop"));
  }

  private String script(List<String> arguments) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("basedir", ".")).resolve("../../.ci/start-pgvector").normalize();
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("QUARRY_PGVECTOR_PORT", Integer.toString(PORT));
    builder.environment().put("QUARRY_PGVECTOR_DATA", data.toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, out).isZero();
    return out;
  }
}
