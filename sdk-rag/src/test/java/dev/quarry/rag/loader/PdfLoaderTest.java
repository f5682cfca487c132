package dev.quarry.rag.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfLoaderTest {
  @TempDir Path dir;

  private final PdfLoader loader = PdfLoader.create();

  @Test
  void joinsPagesAndRecordsWherePagesStart() throws IOException {
    List<List<String>> pages =
        List.of(
            List.of("Page one: vectors and indexes.", "Second line of page one."),
            List.of("Page two: BM25 and hybrid search."),
            List.of("Page three: answers with citations."));
    Path file = PdfFixtures.write(dir.resolve("manual.pdf"), "Quarry Manual", pages);

    Document document = loader.load(file);

    assertThat(document.metadata().getString(SourceMetadata.TITLE)).contains("Quarry Manual");
    assertThat(document.metadata().getString(SourceMetadata.CONTENT_TYPE)).contains("application/pdf");
    assertThat(document.metadata().getLong(SourceMetadata.PAGE_COUNT)).contains(3L);
    assertThat(document.metadata().getLong(SourceMetadata.SIZE_BYTES)).contains(Files.size(file));
    List<?> offsets = (List<?>) document.metadata().get(SourceMetadata.PAGE_OFFSETS).orElseThrow();
    assertThat(offsets).hasSize(3).first().isEqualTo(0L);
    String text = document.text();
    for (int page = 0; page < 3; page++) {
      int start = ((Long) offsets.get(page)).intValue();
      int end =
          page + 1 < offsets.size()
              ? ((Long) offsets.get(page + 1)).intValue() - PdfLoader.PAGE_SEPARATOR.length()
              : text.length();
      assertThat(text.substring(start, end)).isEqualTo(String.join("\n", pages.get(page)));
      assertThat(SourceMetadata.pageAt(document.metadata(), start)).hasValue(page + 1);
      assertThat(SourceMetadata.pageAt(document.metadata(), end - 1)).hasValue(page + 1);
    }
    assertThat(text.substring(((Long) offsets.get(1)).intValue() - 2, ((Long) offsets.get(1)).intValue()))
        .isEqualTo(PdfLoader.PAGE_SEPARATOR);
  }

  @Test
  void keepsOffsetsOfBlankPagesAndFallsBackToFileNameTitle() throws IOException {
    Path file =
        PdfFixtures.write(dir.resolve("gaps.pdf"), null, List.of(List.of("Alpha"), List.of(), List.of("Gamma")));

    Document document = loader.load(file);

    assertThat(document.text()).isEqualTo("Alpha\n\n\n\nGamma");
    assertThat(document.metadata().get(SourceMetadata.PAGE_OFFSETS)).contains(List.of(0L, 7L, 9L));
    assertThat(document.metadata().getString(SourceMetadata.TITLE)).contains("gaps");
  }

  @Test
  void rejectsPdfWithoutText() throws IOException {
    Path file = PdfFixtures.write(dir.resolve("scan.pdf"), "Scanned", List.of(List.of(), List.of()));

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("scan.pdf: has no extractable text in 2 page(s)")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.EMPTY));
  }

  @Test
  void rejectsFileThatIsNotAPdf() throws IOException {
    Path file = Files.writeString(dir.resolve("fake.pdf"), "this is not a PDF at all");

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("fake.pdf: is not a readable PDF")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.PARSE_ERROR));
  }

  @Test
  void rejectsPasswordProtectedPdf() throws IOException {
    Path file = PdfFixtures.write(dir.resolve("secret.pdf"), "Secret", List.of(List.of("hidden")), "pw");

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("secret.pdf: is password-protected")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.PARSE_ERROR));
  }

  @Test
  void supportsPdfExtensionOnly() {
    assertThat(loader.supports(Path.of("x.PDF"))).isTrue();
    assertThat(loader.supports(Path.of("x.pdf.txt"))).isFalse();
  }
}
