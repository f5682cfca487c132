package dev.quarry.vectorstore.chroma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.RetriableException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * The real Chroma server stops in the middle of an ingest: the upsert in flight fails with a {@link
 * RetriableException} naming what may not have been written, every upsert that returned is there after a restart,
 * and the rest, the failed batch included, can be written again without duplicates. Runs its own server on another
 * port, keeping its data in a folder, through the same script CI uses.
 */
class ChromaServerStopTest {
  private static final int PORT = 55437;
  private static final int DIM = 8;
  private static final int BATCH = 50;

  @TempDir Path data;

  @Test
  void acknowledgedRecordsSurviveAStopAndTheRestCanBeWrittenAgain() throws Exception {
    ChromaServer.endpoint(); // skips (or, in CI, fails) the test where no Chroma server can run
    URI uri = start();
    List<List<VectorRecord>> batches = new ArrayList<>();
    for (int b = 0; b < 400; b++) {
      List<VectorRecord> batch = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        batch.add(record(b * BATCH + i));
      }
      batches.add(batch);
    }
    int acknowledged = 0;
    RetriableException failure = null;
    ChromaVectorStore store = ChromaVectorStore.builder(uri, DIM).collection("stop-test").batchSize(20).build();
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
    assertThat(failure).as("the server stopped during the ingest").isNotNull();
    assertThat(failure.getMessage()).contains("an upsert of " + BATCH + " records into Chroma collection 'stop-test'")
        .contains("may not have been written").contains("upserting them again is safe");
    assertThat(acknowledged).isPositive().isLessThan(batches.size());

    URI again = start();
    ChromaVectorStore reopened =
        ChromaVectorStore.builder(again, DIM).collection("stop-test").createIfMissing(false).build();
    assertThat(reopened.count()).as("every acknowledged record, and at most the failed batch besides")
        .isBetween((long) acknowledged * BATCH, (long) (acknowledged + 1) * BATCH);
    List<String> acknowledgedIds = batches.subList(0, acknowledged).stream().flatMap(List::stream)
        .map(VectorRecord::id).toList();
    try {
      assertThat(reopened.get(acknowledgedIds)).hasSize(acknowledgedIds.size());
      for (List<VectorRecord> batch : batches.subList(acknowledged, batches.size())) {
        reopened.upsert(batch); // the failed batch again, then the rest
      }
      reopened.upsert(batches.get(0)); // and a batch written before: idempotent
      assertThat(reopened.count()).isEqualTo((long) batches.size() * BATCH);
    } finally {
      stop();
    }
  }

  private static VectorRecord record(int i) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) Math.sin(i * 31 + d + 1);
    }
    return new VectorRecord(new Chunk("r" + i, "doc" + i / 10, "text " + i, Metadata.of(Map.of("i", i)), 0, 5), v);
  }

  /** Starts the second server on {@link #PORT} with its data in {@link #data}; returns its address. */
  private URI start() throws IOException, InterruptedException {
    String out = script(List.of());
    Matcher url = Pattern.compile("QUARRY_TEST_CHROMA_URL='([^']+)'").matcher(out);
    assertThat(url.find()).as("the script printed a URL: " + out).isTrue();
    return URI.create(url.group(1));
  }

  private void stop() throws IOException, InterruptedException {
    script(List.of("stop"));
  }

  private String script(List<String> arguments) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("basedir", ".")).resolve("../../.ci/start-chroma").normalize();
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("QUARRY_CHROMA_PORT", Integer.toString(PORT));
    builder.environment().put("QUARRY_CHROMA_DATA", data.toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, out).isZero();
    return out;
  }
}
