package dev.quarry.rag.loader;

import dev.quarry.api.document.Document;
import java.nio.file.Path;
import java.util.List;

/**
 * Combines loaders: a chain hands each file to the first loader that {@linkplain DocumentLoader#supports
 * supports} it, so an application adds a format by putting its own loader in front of the defaults.
 *
 * <p>Stateless and thread-safe; the chains it returns are immutable and as thread-safe as their loaders.
 */
public final class DocumentLoaders {
  private static final DocumentLoader DEFAULTS =
      chain(List.of(MarkdownLoader.create(), HtmlLoader.create(), PdfSupport.loader(), TextLoader.create()));

  private DocumentLoaders() {}

  /**
   * Markdown, HTML and PDF by extension, then {@link TextLoader} for every other file (which rejects binary
   * content when it reads it). PDFs need {@code org.apache.pdfbox:pdfbox} on the class path (an optional
   * dependency); without it each PDF fails as {@link FailureReason#UNSUPPORTED}, naming the artifact.
   */
  public static DocumentLoader defaults() {
    return DEFAULTS;
  }

  /**
   * A loader that delegates each file to the first of {@code loaders} that supports it. It supports a file when
   * one of them does; loading a file none supports fails as {@link FailureReason#UNSUPPORTED}.
   *
   * @throws IllegalArgumentException if {@code loaders} is null, empty or holds null
   */
  public static DocumentLoader chain(List<? extends DocumentLoader> loaders) {
    if (loaders == null || loaders.isEmpty()) {
      throw new IllegalArgumentException("loaders must not be null or empty");
    }
    if (loaders.stream().anyMatch(loader -> loader == null)) {
      throw new IllegalArgumentException("loaders must not contain null, were " + loaders);
    }
    return new Chain(List.copyOf(loaders));
  }

  private record Chain(List<DocumentLoader> loaders) implements DocumentLoader {
    @Override
    public boolean supports(Path file) {
      return loaders.stream().anyMatch(loader -> loader.supports(file));
    }

    @Override
    public Document load(Path file) {
      if (file == null) {
        throw new IllegalArgumentException("file must not be null");
      }
      for (DocumentLoader loader : loaders) {
        if (loader.supports(file)) {
          return loader.load(file);
        }
      }
      throw new DocumentLoadException(
          file.toAbsolutePath().normalize().toString(),
          FailureReason.UNSUPPORTED,
          "has a file type none of " + loaders + " loads");
    }
  }
}
