package dev.quarry.rag.bm25;

import static dev.quarry.rag.bm25.Bm25IndexTest.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Bm25IndexFolderTest {
  @TempDir Path folder;

  private Bm25Index open() {
    return Bm25Index.builder().folder(folder).build();
  }

  @Test
  void reopeningTheFolderKeepsEveryWrite() {
    try (Bm25Index index = open()) {
      index.upsert(List.of(
          chunk("a", "granite quarry", Map.of("kind", "rock")),
          chunk("b", "marble quarry", Map.of("kind", "rock", "year", 1999)),
          chunk("c", "sand pit", Map.of("kind", "sand"))));
      index.delete(List.of("a"));
      index.upsert(List.of(chunk("c", "gravel pit", Map.of("kind", "gravel"))));
      assertThat(index.folder()).contains(folder);
    }

    try (Bm25Index index = open()) {
      assertThat(index.count()).isEqualTo(2);
      assertThat(index.search("quarry", 5)).extracting(SearchHit::id).containsExactly("b");
      assertThat(index.search("quarry", 5).get(0).chunk()).isEqualTo(
          chunk("b", "marble quarry", Map.of("kind", "rock", "year", 1999)));
      assertThat(index.search("gravel", 5, Filter.eq("kind", "gravel"))).hasSize(1);
      assertThat(index.search("sand", 5)).isEmpty();
      assertThat(index.deleteWhere(Filter.eq("kind", "rock"))).isEqualTo(1);
    }

    try (Bm25Index index = open()) {
      assertThat(index.count()).isEqualTo(1);
    }
  }

  @Test
  void everyWriteThatReturnedIsOnDiskWithoutClose(@TempDir Path copy) throws Exception {
    try (Bm25Index index = open()) {
      index.upsert(List.of(chunk("a", "first write", Map.of()), chunk("b", "first write", Map.of())));
      index.delete(List.of("a"));
      index.upsert(List.of(chunk("c", "third write", Map.of())));

      // What a crash right now would leave: the folder's files as they are, lock aside, the index never closed.
      try (var files = Files.list(folder)) {
        for (Path file : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
          Files.copy(file, copy.resolve(file.getFileName()));
        }
      }
    }
    try (Bm25Index recovered = Bm25Index.builder().folder(copy).build()) {
      assertThat(recovered.count()).isEqualTo(2);
      assertThat(recovered.search("write", 5)).extracting(SearchHit::id).containsExactlyInAnyOrder("b", "c");
    }
  }

  @Test
  void aFolderOpenForWritingIsRefusedToASecondIndex() {
    try (Bm25Index first = open()) {
      first.upsert(List.of(chunk("a", "text", Map.of())));

      assertThatThrownBy(this::open)
          .isInstanceOfSatisfying(FolderLockedException.class, e -> assertThat(e.folder()).isEqualTo(folder))
          .hasMessageContaining(folder.toString())
          .hasMessageContaining("already open");
      assertThat(first.count()).isEqualTo(1);
    }
    try (Bm25Index again = open()) {
      assertThat(again.count()).isEqualTo(1);
    }
  }

  @Test
  void aFolderRemembersItsAnalyzer() {
    open().close();

    assertThatThrownBy(() -> Bm25Index.builder().folder(folder).analyzer(Bm25Analyzer.STANDARD).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENGLISH")
        .hasMessageContaining("STANDARD");
    try (Bm25Index index = open()) {
      assertThat(index.count()).isZero();
    }
  }

  @Test
  void aFolderHoldingOtherFilesIsRefused() throws Exception {
    Files.writeString(folder.resolve("notes.txt"), "mine");

    assertThatThrownBy(this::open)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no BM25 index");
    assertThat(Files.readString(folder.resolve("notes.txt"))).isEqualTo("mine");
  }

  @Test
  void aDamagedFolderIsReportedAsCorrupted() throws Exception {
    try (Bm25Index index = open()) {
      index.upsert(List.of(chunk("a", "text", Map.of())));
    }
    Path segments;
    try (var files = Files.list(folder)) {
      segments = files.filter(f -> f.getFileName().toString().startsWith("segments_")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segments);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(segments, bytes);

    assertThatThrownBy(this::open).isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining(folder.toString());
  }

  @Test
  void aFileIsNotAFolder() throws Exception {
    Path file = Files.writeString(folder.resolve("file"), "x");

    assertThatThrownBy(() -> Bm25Index.builder().folder(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a file");
  }
}
