package dev.quarry.rag.loader;

import dev.quarry.api.document.Document;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads any text file as {@code text/plain}: UTF-8 (a byte order mark is honoured and dropped, UTF-16 with a
 * BOM is accepted), line endings normalised to {@code \n}. Content with NUL bytes or malformed UTF-8 is
 * rejected as {@link FailureReason#BINARY} rather than loaded as garbage. The title is the file name without
 * its extension.
 *
 * <p>{@link #supports} accepts every file name, so this loader is the last resort of {@link
 * DocumentLoaders#defaults()}: source code, CSV, logs and files without an extension load as plain text when
 * their bytes are text.
 *
 * <p>Stateless and thread-safe.
 */
public final class TextLoader implements DocumentLoader {
  /** The content type this loader sets. */
  public static final String CONTENT_TYPE = "text/plain";

  private static final TextLoader INSTANCE = new TextLoader();

  private TextLoader() {}

  /** The text loader. */
  public static TextLoader create() {
    return INSTANCE;
  }

  /** Always true: whether a file is text is decided when its bytes are read. */
  @Override
  public boolean supports(Path file) {
    return true;
  }

  @Override
  public Document load(Path file) {
    FileSource source = FileSource.read(file);
    return source.toDocument(TextDecoding.decode(source), CONTENT_TYPE, null, Map.of());
  }

  @Override
  public String toString() {
    return "TextLoader";
  }
}
