package dev.quarry.rag.bm25;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operating system's failures under a BM25 index reach the caller as {@link StorageException}s naming the file. */
class Bm25StorageFailureTest {
  @TempDir Path dir;

  @Test
  void aFileGivenAsTheFolderIsABadArgumentAndKeepsItsContent() throws Exception {
    Path file = Files.writeString(dir.resolve("keywords"), "not a folder");

    assertThatThrownBy(() -> Bm25Index.builder().folder(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + " is a file");
    assertThat(Files.readString(file)).isEqualTo("not a folder");
  }

  @Test
  void aFolderThatCannotBeCreatedIsAStorageExceptionNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    Path inside = file.resolve("keywords");

    assertThatThrownBy(() -> Bm25Index.builder().folder(inside).build())
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(inside.toString())
        .satisfies(e -> assertThat(((StorageException) e).file()).contains(inside));
  }
}
