package dev.quarry.rag.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.document.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLoaderTest {
  @TempDir Path dir;

  private final TextLoader loader = TextLoader.create();

  @Test
  void loadsUtf8TextWithSourceMetadata() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "Quarry loads text.\nSecond line.");
    Instant modified = Instant.parse("2024-05-06T07:08:09.123Z");
    Files.setLastModifiedTime(file, FileTime.from(modified));

    Document document = loader.load(file);

    String absolute = file.toAbsolutePath().normalize().toString();
    assertThat(document.id()).isEqualTo(absolute);
    assertThat(document.text()).isEqualTo("Quarry loads text.\nSecond line.");
    assertThat(document.metadata().getString(SourceMetadata.SOURCE)).contains(absolute);
    assertThat(document.metadata().getString(SourceMetadata.TITLE)).contains("notes");
    assertThat(document.metadata().getString(SourceMetadata.CONTENT_TYPE)).contains("text/plain");
    assertThat(document.metadata().getLong(SourceMetadata.SIZE_BYTES)).contains(31L);
    assertThat(document.metadata().getLong(SourceMetadata.MODIFIED)).contains(modified.toEpochMilli());
  }

  @Test
  void keepsCjkTextIntact() throws IOException {
    Path file = dir.resolve("cjk.txt");
    String text = "検索拡張生成は文書を分割します。\n中文文本：向量检索。한국어 문장도 있습니다.";
    Files.writeString(file, text);

    Document document = loader.load(file);

    assertThat(document.text()).isEqualTo(text);
    assertThat(document.metadata().getLong(SourceMetadata.SIZE_BYTES))
        .contains((long) text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void dropsUtf8ByteOrderMarkAndNormalisesLineEndings() throws IOException {
    Path file = dir.resolve("windows.txt");
    byte[] body = "first\r\nsecond\rthird\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[body.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(body, 0, bytes, 3, body.length);
    Files.write(file, bytes);

    assertThat(loader.load(file).text()).isEqualTo("first\nsecond\nthird\n");
  }

  @Test
  void decodesUtf16WithByteOrderMark() throws IOException {
    Path file = dir.resolve("utf16.txt");
    byte[] body = "héllo 世界".getBytes(StandardCharsets.UTF_16LE);
    byte[] bytes = new byte[body.length + 2];
    bytes[0] = (byte) 0xFF;
    bytes[1] = (byte) 0xFE;
    System.arraycopy(body, 0, bytes, 2, body.length);
    Files.write(file, bytes);

    assertThat(loader.load(file).text()).isEqualTo("héllo 世界");
  }

  @Test
  void rejectsEmptyFile() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.txt"));

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(DocumentLoadException.class)
        .isInstanceOf(NonRetriableException.class)
        .hasMessage(file.toAbsolutePath() + ": is empty (0 bytes)")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.EMPTY));
  }

  @Test
  void rejectsWhitespaceOnlyFile() throws IOException {
    Path file = dir.resolve("blank.txt");
    Files.writeString(file, " \n\t\n  ");

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("blank.txt")
        .hasMessageContaining("has no text")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.EMPTY));
  }

  @Test
  void rejectsBinaryContentWithNulBytes() throws IOException {
    Path file = dir.resolve("image.txt");
    Files.write(file, new byte[] {'G', 'I', 'F', '8', '9', 'a', 0, 1, 2, 3});

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessage(file.toAbsolutePath() + ": looks binary (NUL byte at offset 6)")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.BINARY));
  }

  @Test
  void rejectsInvalidUtf8WithItsOffset() throws IOException {
    Path file = dir.resolve("latin1.txt");
    Files.write(file, "café au lait".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("looks binary: not valid UTF-8 at byte offset 3")
        .hasMessageContaining("convert it to UTF-8")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.BINARY));
  }

  @Test
  void rejectsDirectoryAndMissingFileAsUnreadable() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("folder.txt"));
    Path missing = dir.resolve("missing.txt");

    assertThatThrownBy(() -> loader.load(folder))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageEndingWith("folder.txt: is a directory, expected a file")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.UNREADABLE));
    assertThatThrownBy(() -> loader.load(missing))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageEndingWith("missing.txt: does not exist (or is a broken link)")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.UNREADABLE));
  }

  @Test
  void rejectsNullFile() {
    assertThatThrownBy(() -> loader.load(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file must not be null");
  }

  @Test
  void supportsAnyFileName() {
    assertThat(loader.supports(Path.of("Main.java"))).isTrue();
    assertThat(loader.supports(Path.of("README"))).isTrue();
  }
}
