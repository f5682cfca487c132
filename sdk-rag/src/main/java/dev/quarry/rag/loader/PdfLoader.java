package dev.quarry.rag.loader;

import dev.quarry.api.document.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Loads {@code .pdf} files as {@code application/pdf} with PDFBox. The text of each page (trailing whitespace
 * stripped) is joined with {@link #PAGE_SEPARATOR}; {@link SourceMetadata#PAGE_OFFSETS} records where each page
 * starts and {@link SourceMetadata#PAGE_COUNT} how many there are, so a chunk can cite its page ({@link
 * SourceMetadata#pageAt}). The title is the PDF's Title field, else the file name.
 *
 * <p>A PDF without extractable text (scanned images; there is no OCR) fails as {@link FailureReason#EMPTY}; a
 * damaged or password-protected one as {@link FailureReason#PARSE_ERROR}.
 *
 * <p>Needs {@code org.apache.pdfbox:pdfbox} on the class path, an optional dependency of {@code quarry-rag}:
 * {@link DocumentLoaders#defaults()} uses this loader only when PDFBox is there.
 *
 * <p>Stateless and thread-safe: each call opens its own {@code PDDocument} and text stripper.
 */
public final class PdfLoader implements DocumentLoader {
  /** The content type this loader sets. */
  public static final String CONTENT_TYPE = "application/pdf";

  /** What separates the text of two pages. */
  public static final String PAGE_SEPARATOR = "\n\n";

  private static final PdfLoader INSTANCE = new PdfLoader();

  private PdfLoader() {}

  /** The PDF loader. */
  public static PdfLoader create() {
    return INSTANCE;
  }

  @Override
  public boolean supports(Path file) {
    return FileSource.extension(file).equals("pdf");
  }

  @Override
  public Document load(Path file) {
    FileSource source = FileSource.read(file);
    try (PDDocument pdf = Loader.loadPDF(source.bytes())) {
      int pages = pdf.getNumberOfPages();
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      StringBuilder text = new StringBuilder();
      List<Long> offsets = new ArrayList<>(pages);
      for (int page = 1; page <= pages; page++) {
        if (page > 1) {
          text.append(PAGE_SEPARATOR);
        }
        offsets.add((long) text.length());
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        text.append(stripper.getText(pdf).replace("\r\n", "\n").stripTrailing());
      }
      if (text.toString().isBlank()) {
        throw source.failure(
            FailureReason.EMPTY,
            "has no extractable text in " + pages + " page(s) (scanned images need OCR, which is not done)");
      }
      return source.toDocument(
          text.toString(),
          CONTENT_TYPE,
          title(pdf.getDocumentInformation()),
          Map.of(SourceMetadata.PAGE_COUNT, (long) pages, SourceMetadata.PAGE_OFFSETS, offsets));
    } catch (InvalidPasswordException e) {
      throw new DocumentLoadException(
          source.name(), FailureReason.PARSE_ERROR, "is password-protected; decrypt it first", e);
    } catch (DocumentLoadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DocumentLoadException(source.name(), FailureReason.PARSE_ERROR, "is not a readable PDF: " + e, e);
    }
  }

  private static String title(PDDocumentInformation info) {
    return info == null ? null : info.getTitle();
  }

  @Override
  public String toString() {
    return "PdfLoader";
  }
}
