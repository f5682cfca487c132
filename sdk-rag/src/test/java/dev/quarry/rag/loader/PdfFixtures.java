package dev.quarry.rag.loader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Writes small real PDFs for the tests. */
final class PdfFixtures {
  private PdfFixtures() {}

  /** A PDF with one page per element of {@code pages}, each page holding the given lines. */
  static Path write(Path file, String title, List<List<String>> pages) throws IOException {
    return write(file, title, pages, null);
  }

  /** As {@link #write(Path, String, List)}, encrypted with {@code userPassword} when it is not null. */
  static Path write(Path file, String title, List<List<String>> pages, String userPassword) throws IOException {
    try (PDDocument pdf = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (List<String> lines : pages) {
        PDPage page = new PDPage();
        pdf.addPage(page);
        if (lines.isEmpty()) {
          continue;
        }
        try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
          content.beginText();
          content.setFont(font, 12);
          content.newLineAtOffset(72, 720);
          for (String line : lines) {
            content.showText(line);
            content.newLineAtOffset(0, -18);
          }
          content.endText();
        }
      }
      if (title != null) {
        pdf.getDocumentInformation().setTitle(title);
      }
      if (userPassword != null) {
        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", userPassword, new AccessPermission());
        policy.setEncryptionKeyLength(128);
        pdf.protect(policy);
      }
      pdf.save(file.toFile());
    }
    return file;
  }
}
