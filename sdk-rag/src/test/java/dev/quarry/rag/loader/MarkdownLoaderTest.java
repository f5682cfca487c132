package dev.quarry.rag.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownLoaderTest {
  @TempDir Path dir;

  private final MarkdownLoader loader = MarkdownLoader.create();

  @Test
  void keepsMarkdownSourceAndTakesTitleFromFirstH1() throws IOException {
    String markdown =
        """
        Intro paragraph before any header.

        ## Not the title

        # Quarry Guide #

        Some *emphasis* and a [link](https://example.com).
        """;
    Path file = write("guide.md", markdown);

    Document document = loader.load(file);

    assertThat(document.text()).isEqualTo(markdown);
    assertThat(document.metadata().getString(SourceMetadata.TITLE)).contains("Quarry Guide");
    assertThat(document.metadata().getString(SourceMetadata.CONTENT_TYPE)).contains("text/markdown");
  }

  @Test
  void ignoresHeadersInsideFencedCode() throws IOException {
    Path file =
        write(
            "code.md",
            """
            ```bash
            # a shell comment, not a header
            ```
            # Real Title
            """);

    assertThat(loader.load(file).metadata().getString(SourceMetadata.TITLE)).contains("Real Title");
  }

  @Test
  void prefersFrontMatterTitle() throws IOException {
    Path file =
        write(
            "front.md",
            """
            ---
            layout: post
            title: "Front Matter Title"
            ---
            # Header Title
            """);

    assertThat(loader.load(file).metadata().getString(SourceMetadata.TITLE)).contains("Front Matter Title");
  }

  @Test
  void acceptsSetextHeaderAsTitle() throws IOException {
    Path file = write("setext.markdown", "Setext Title\n============\n\nBody.\n");

    assertThat(loader.load(file).metadata().getString(SourceMetadata.TITLE)).contains("Setext Title");
  }

  @Test
  void fallsBackToFileNameWithoutHeader() throws IOException {
    Path file = write("release-notes.md", "Just text, *no* header.\n## Level two only\n");

    assertThat(loader.load(file).metadata().getString(SourceMetadata.TITLE)).contains("release-notes");
  }

  @Test
  void supportsMarkdownExtensionsOnly() {
    assertThat(loader.supports(Path.of("a.md"))).isTrue();
    assertThat(loader.supports(Path.of("B.MARKDOWN"))).isTrue();
    assertThat(loader.supports(Path.of("a.txt"))).isFalse();
    assertThat(loader.supports(Path.of("md"))).isFalse();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
