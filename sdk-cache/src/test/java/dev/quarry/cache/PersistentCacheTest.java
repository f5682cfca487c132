package dev.quarry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.IndexCorruptedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentCacheTest {
  private static final String IDENTITY = "recording-16";
  private static final int DIMENSION = 16;
  private static final int RECORD = CacheKey.BYTES + DIMENSION * Float.BYTES + Integer.BYTES;
  private static final int HEADER = 4 * Integer.BYTES + IDENTITY.length() + Integer.BYTES;
  private static final List<String> TEXTS = IntStream.range(0, 5).mapToObj(i -> "text number " + i).toList();

  @TempDir Path folder;

  private CachingEmbeddingModel open(RecordingEmbeddingModel model) {
    return CachingEmbeddingModel.builder(model, IDENTITY).folder(folder).build();
  }

  /** Embeds {@link #TEXTS} in a fresh cache over {@link #folder}, one batch, and closes it. */
  private void fill() {
    try (CachingEmbeddingModel cache = open(new RecordingEmbeddingModel(DIMENSION))) {
      cache.embedDocuments(TEXTS);
    }
  }

  private Path file() {
    return folder.resolve(CacheFile.NAME);
  }

  @Test
  void aReopenedFolderServesEveryDocumentWithoutTheModelAndKeepsNoQuery() {
    try (CachingEmbeddingModel cache = open(new RecordingEmbeddingModel(DIMENSION))) {
      cache.embedDocuments(TEXTS);
      cache.embedQuery("a question");
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(5); // the question stayed in memory
    }
    RecordingEmbeddingModel model = new RecordingEmbeddingModel(DIMENSION);
    try (CachingEmbeddingModel cache = open(model)) {
      assertThat(cache.stats()).isEqualTo(new EmbeddingCacheStats(0, 0, 0, 5));
      List<float[]> vectors = cache.embedDocuments(TEXTS);
      float[] query = cache.embedQuery("a question");

      assertThat(model.batches()).isEmpty();
      assertThat(model.queries()).containsExactly("a question");
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(vectors.get(i)).containsExactly(model.documentVector(TEXTS.get(i)));
      }
      assertThat(query).containsExactly(model.queryVector("a question"));
      assertThat(cache.stats()).isEqualTo(new EmbeddingCacheStats(5, 1, 6, 5));
      assertThat(cache.folder()).contains(folder);
    }
  }

  @Test
  void theFileIsAHeaderAndFixedLengthRecordsAppendedPerCall() throws IOException {
    try (CachingEmbeddingModel cache = open(new RecordingEmbeddingModel(DIMENSION))) {
      assertThat(Files.size(file())).isEqualTo(HEADER);
      cache.embedDocuments(TEXTS);
      cache.embedDocuments(TEXTS); // all hits: nothing appended
      cache.embedDocuments(List.of("one more"));
      assertThat(Files.size(file())).isEqualTo(HEADER + 6L * RECORD);
    }
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file()));
    assertThat(bytes.getInt(0)).isEqualTo(0x51525943); // "QRYC"
    assertThat(bytes.getInt(4)).isEqualTo(1);
    assertThat(bytes.getInt(8)).isEqualTo(DIMENSION);
    assertThat(bytes.getInt(12)).isEqualTo(IDENTITY.length());
    assertThat(new String(bytes.array(), 16, IDENTITY.length(), StandardCharsets.UTF_8)).isEqualTo(IDENTITY);
    CacheKey first = new CacheKeys(IDENTITY).key(TextKind.DOCUMENT, TEXTS.get(0));
    assertThat(RecordCodec.key(bytes, HEADER)).isEqualTo(first);
    assertThat(RecordCodec.vector(bytes, HEADER, DIMENSION))
        .containsExactly(new RecordingEmbeddingModel(DIMENSION).documentVector(TEXTS.get(0)));
    assertThat(RecordCodec.verifies(bytes, HEADER, RECORD)).isTrue();
  }

  @Test
  void anotherModelIdentityInTheSameFolderIsRefusedNamingBoth() {
    fill();
    RecordingEmbeddingModel model = new RecordingEmbeddingModel(DIMENSION);
    assertThatThrownBy(() -> CachingEmbeddingModel.builder(model, "another-model").folder(folder).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + IDENTITY + "'")
        .hasMessageContaining("'another-model'")
        .hasMessageContaining("never mixed");
    // the refusal released the folder and left the file as it was
    try (CachingEmbeddingModel cache = open(model)) {
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(5);
    }
  }

  @Test
  void anotherDimensionInTheSameFolderIsRefusedNamingBoth() {
    fill();
    assertThatThrownBy(() -> CachingEmbeddingModel.builder(new RecordingEmbeddingModel(8), IDENTITY)
        .folder(folder).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16-d")
        .hasMessageContaining("8-d");
  }

  @Test
  void aSecondOpenOfTheFolderInThisProcessIsRefusedUntilTheFirstCloses() {
    CachingEmbeddingModel first = open(new RecordingEmbeddingModel(DIMENSION));
    assertThatThrownBy(() -> open(new RecordingEmbeddingModel(DIMENSION)))
        .isInstanceOfSatisfying(FolderLockedException.class, e -> assertThat(e.folder()).isEqualTo(folder))
        .hasMessageContaining("already open");
    first.close();
    open(new RecordingEmbeddingModel(DIMENSION)).close();
  }

  @Test
  void aFolderLockedByAnotherProcessIsRefused(@TempDir Path scratch) throws Exception {
    Path holder = scratch.resolve("LockHolder.java");
    Files.writeString(holder, """
        import java.nio.channels.FileChannel;
        import java.nio.file.*;
        public class LockHolder {
          public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var lock = channel.lock()) {
              System.out.println("locked");
              System.out.flush();
              System.in.read();
            }
          }
        }
        """);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, holder.toString(), folder.resolve(FolderLock.NAME).toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> open(new RecordingEmbeddingModel(DIMENSION)))
          .isInstanceOf(FolderLockedException.class)
          .hasMessageContaining("another process");
    } finally {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    open(new RecordingEmbeddingModel(DIMENSION)).close();
  }

  @Test
  void aTornTailIsCutAndTheCompleteRecordsKept() throws IOException {
    fill();
    truncate(Files.size(file()) - 3);
    RecordingEmbeddingModel model = new RecordingEmbeddingModel(DIMENSION);
    try (CachingEmbeddingModel cache = open(model)) {
      assertThat(Files.size(file())).isEqualTo(HEADER + 4L * RECORD);
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(4);
      List<float[]> vectors = cache.embedDocuments(TEXTS);
      assertThat(model.batches()).containsExactly(List.of(TEXTS.get(4)));
      assertThat(vectors.get(4)).containsExactly(model.documentVector(TEXTS.get(4)));
      assertThat(vectors.get(0)).containsExactly(model.documentVector(TEXTS.get(0)));
    }
    assertThat(Files.size(file())).isEqualTo(HEADER + 5L * RECORD);
  }

  @Test
  void aLastRecordFailingItsChecksumIsCutAsATornTail() throws IOException {
    fill();
    flipByte(HEADER + 4L * RECORD + 40);
    RecordingEmbeddingModel model = new RecordingEmbeddingModel(DIMENSION);
    try (CachingEmbeddingModel cache = open(model)) {
      assertThat(Files.size(file())).isEqualTo(HEADER + 4L * RECORD);
      cache.embedDocuments(TEXTS);
      assertThat(model.batches()).containsExactly(List.of(TEXTS.get(4)));
    }
  }

  @Test
  void aTailOfZerosAfterACrashIsCut() throws IOException {
    fill();
    try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(2 * RECORD + 7), Files.size(file())); // length extended, data never written
    }
    try (CachingEmbeddingModel cache = open(new RecordingEmbeddingModel(DIMENSION))) {
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(5);
      assertThat(Files.size(file())).isEqualTo(HEADER + 5L * RECORD);
    }
  }

  @Test
  void aDamagedRecordInTheMiddleIsSkippedAndTheOthersKept() throws IOException {
    fill();
    flipByte(HEADER + 2L * RECORD + 50);
    RecordingEmbeddingModel model = new RecordingEmbeddingModel(DIMENSION);
    try (CachingEmbeddingModel cache = open(model)) {
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(4);
      assertThat(Files.size(file())).isEqualTo(HEADER + 5L * RECORD); // the damage is left in place
      List<float[]> vectors = cache.embedDocuments(TEXTS);
      assertThat(model.batches()).containsExactly(List.of(TEXTS.get(2)));
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(vectors.get(i)).containsExactly(model.documentVector(TEXTS.get(i)));
      }
    }
    RecordingEmbeddingModel third = new RecordingEmbeddingModel(DIMENSION);
    try (CachingEmbeddingModel cache = open(third)) {
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(5); // the re-embedded record was appended
      cache.embedDocuments(TEXTS);
      assertThat(third.batches()).isEmpty();
    }
  }

  @Test
  void aDamagedHeaderIsAnIndexCorruptedExceptionNamingTheFile() throws IOException {
    fill();
    flipByte(17); // inside the model identity
    assertThatThrownBy(() -> open(new RecordingEmbeddingModel(DIMENSION)))
        .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(file()))
        .hasMessageContaining("checksum")
        .hasMessageContaining("delete it");
    // the folder was released
    Files.delete(file());
    open(new RecordingEmbeddingModel(DIMENSION)).close();
  }

  @Test
  void aFileThatIsNotACacheIsRefusedAndLeftAlone() throws IOException {
    Files.writeString(file(), "these are somebody's notes, not a cache");
    assertThatThrownBy(() -> open(new RecordingEmbeddingModel(DIMENSION)))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("not a Quarry embedding cache");
    assertThat(Files.readString(file())).startsWith("these are");
  }

  @Test
  void aNewerFormatVersionIsRefused() throws IOException {
    fill();
    try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(4).putInt(0, 2), 4);
    }
    assertThatThrownBy(() -> open(new RecordingEmbeddingModel(DIMENSION)))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("format version 2 is not supported");
  }

  @Test
  void aHeaderCutShortIsRefused() throws IOException {
    fill();
    truncate(10);
    assertThatThrownBy(() -> open(new RecordingEmbeddingModel(DIMENSION)))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("cut short");
  }

  @Test
  void entriesEvictedFromMemoryAreReadBackFromTheFolder() {
    RecordingEmbeddingModel model = new RecordingEmbeddingModel(DIMENSION);
    List<String> texts = IntStream.range(0, 50).mapToObj(i -> "evicted " + i).toList();
    try (CachingEmbeddingModel cache = CachingEmbeddingModel.builder(model, IDENTITY)
        .folder(folder)
        .maximumEntries(3)
        .build()) {
      cache.embedDocuments(texts);
      List<float[]> again = cache.embedDocuments(texts);

      assertThat(model.documents()).hasSize(50);
      for (int i = 0; i < texts.size(); i++) {
        assertThat(again.get(i)).containsExactly(model.documentVector(texts.get(i)));
      }
      assertThat(cache.stats().entriesInMemory()).isLessThanOrEqualTo(3);
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(50);
    }
  }

  @Test
  void aMissingFolderIsCreated() {
    Path nested = folder.resolve("a").resolve("b");
    try (CachingEmbeddingModel cache = CachingEmbeddingModel.builder(new RecordingEmbeddingModel(DIMENSION), IDENTITY)
        .folder(nested)
        .build()) {
      cache.embedDocuments(List.of("x"));
    }
    assertThat(nested.resolve(CacheFile.NAME)).isRegularFile();
  }

  @Test
  void aCacheMayShareAFolderWhoseStoreLockIsHeld() throws IOException {
    try (FileChannel storeLock = FileChannel.open(folder.resolve("quarry.lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        var held = storeLock.lock();
        CachingEmbeddingModel cache = open(new RecordingEmbeddingModel(DIMENSION))) {
      assertThat(held.isValid()).isTrue();
      assertThat(cache.embedDocuments(List.of("x"))).hasSize(1);
    }
  }

  @Test
  void aThreadInterruptedDuringADiskReadGetsCorrectVectorsAndTheCacheCarriesOnFromMemory() {
    fill();
    RecordingEmbeddingModel model = new RecordingEmbeddingModel(DIMENSION);
    try (CachingEmbeddingModel cache = open(model)) {
      List<float[]> vectors;
      Thread.currentThread().interrupt(); // the read of the first record closes the file channel
      try {
        vectors = cache.embedDocuments(TEXTS);
      } finally {
        Thread.interrupted();
      }
      assertThat(model.documents()).containsExactlyElementsOf(TEXTS); // embedded again, not read
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(vectors.get(i)).containsExactly(model.documentVector(TEXTS.get(i)));
      }
      cache.embedDocuments(TEXTS);
      cache.embedDocuments(List.of("new text"));
      assertThat(model.documents()).hasSize(6); // memory still serves
    }
    try (CachingEmbeddingModel cache = open(new RecordingEmbeddingModel(DIMENSION))) {
      assertThat(cache.stats().entriesOnDisk()).isEqualTo(5); // the file is intact; the new text was not appended
    }
  }

  @Test
  void closeIsIdempotentAndReleasesTheFolder() {
    CachingEmbeddingModel cache = open(new RecordingEmbeddingModel(DIMENSION));
    cache.embedDocuments(TEXTS);
    cache.close();
    cache.close();
    assertThatThrownBy(() -> cache.embedDocuments(TEXTS)).isInstanceOf(IllegalStateException.class);
    assertThat(cache.stats().entriesOnDisk()).isEqualTo(5);
    open(new RecordingEmbeddingModel(DIMENSION)).close();
  }

  private void truncate(long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
      channel.truncate(length);
    }
  }

  private void flipByte(long offset) throws IOException {
    try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      channel.write(ByteBuffer.wrap(new byte[] {(byte) ~one.get(0)}), offset);
    }
  }
}
