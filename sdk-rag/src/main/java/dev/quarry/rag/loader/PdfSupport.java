package dev.quarry.rag.loader;

import dev.quarry.api.document.Document;
import java.nio.file.Path;

/**
 * PDF loading when PDFBox is on the class path, and a clear failure naming the artifact when it is not. PDFBox is an
 * optional dependency of {@code quarry-rag}: an application that never loads PDFs does not carry it. {@link
 * PdfLoader} is touched only when PDFBox is present, since linking it needs PDFBox's classes.
 */
final class PdfSupport {
  /** The artifact that reading PDFs needs, as a build file names it. */
  static final String ARTIFACT = "org.apache.pdfbox:pdfbox (3.0.x)";

  private static final String PDFBOX_CLASS = "org.apache.pdfbox.Loader";

  private PdfSupport() {}

  /** {@link PdfLoader} when PDFBox is present; otherwise a loader that fails each PDF naming the artifact. */
  static DocumentLoader loader() {
    return present() ? PdfLoader.create() : new Missing();
  }

  static boolean present() {
    try {
      Class.forName(PDFBOX_CLASS, false, PdfSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Claims {@code .pdf} files and fails each as {@link FailureReason#UNSUPPORTED}, naming what to add. */
  private static final class Missing implements DocumentLoader {
    @Override
    public boolean supports(Path file) {
      return FileSource.extension(file).equals("pdf");
    }

    @Override
    public Document load(Path file) {
      throw new DocumentLoadException(String.valueOf(file), FailureReason.UNSUPPORTED, "is a PDF, and reading PDFs"
          + " needs " + ARTIFACT + " on the class path: add it to your dependencies");
    }

    @Override
    public String toString() {
      return "PdfLoader (PDFBox missing)";
    }
  }
}
