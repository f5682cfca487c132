package dev.quarry.rag.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentLoadersTest {
  @TempDir Path dir;

  @Test
  void defaultsPickLoaderByExtension() throws IOException {
    DocumentLoader loader = DocumentLoaders.defaults();
    Path markdown = Files.writeString(dir.resolve("a.md"), "# Title\ntext");
    Path html = Files.writeString(dir.resolve("b.html"), "<p>para</p>");
    Path source = Files.writeString(dir.resolve("C.java"), "class C {}");

    assertThat(loader.load(markdown).metadata().getString(SourceMetadata.CONTENT_TYPE)).contains("text/markdown");
    assertThat(loader.load(html).text()).isEqualTo("para");
    assertThat(loader.load(html).metadata().getString(SourceMetadata.CONTENT_TYPE)).contains("text/html");
    assertThat(loader.load(source).metadata().getString(SourceMetadata.CONTENT_TYPE)).contains("text/plain");
    assertThat(loader.supports(Path.of("anything.bin"))).isTrue();
  }

  @Test
  void chainUsesFirstSupportingLoader() throws IOException {
    DocumentLoader upper = new FixedLoader("csv", "from csv loader");
    DocumentLoader chain = DocumentLoaders.chain(List.of(upper, TextLoader.create()));
    Path csv = Files.writeString(dir.resolve("t.csv"), "a,b");
    Path txt = Files.writeString(dir.resolve("t.txt"), "plain");

    assertThat(chain.load(csv).text()).isEqualTo("from csv loader");
    assertThat(chain.load(txt).text()).isEqualTo("plain");
  }

  @Test
  void chainFailsAsUnsupportedWhenNoLoaderFits() throws IOException {
    DocumentLoader chain = DocumentLoaders.chain(List.of(PdfLoader.create()));
    Path txt = Files.writeString(dir.resolve("t.txt"), "plain");

    assertThat(chain.supports(txt)).isFalse();
    assertThatThrownBy(() -> chain.load(txt))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("t.txt: has a file type none of [PdfLoader] loads")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.UNSUPPORTED));
  }

  @Test
  void chainRejectsEmptyOrNullLoaders() {
    assertThatThrownBy(() -> DocumentLoaders.chain(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("loaders must not be null or empty");
    assertThatThrownBy(() -> DocumentLoaders.chain(Arrays.asList(TextLoader.create(), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain null");
  }

  /** Loads files with one extension as a fixed text. */
  record FixedLoader(String extension, String text) implements DocumentLoader {
    @Override
    public boolean supports(Path file) {
      return file.getFileName().toString().endsWith("." + extension);
    }

    @Override
    public Document load(Path file) {
      return Document.of(file.toString(), text);
    }
  }
}
