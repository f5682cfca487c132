package dev.quarry.rag.loader;

import dev.quarry.api.document.Document;
import java.nio.file.Path;

/**
 * Reads one file into a {@link Document} whose text is ready for a splitter and whose metadata carries the
 * {@link SourceMetadata} keys. The document id is the file's absolute, normalised path; {@link FolderLoader}
 * replaces it with the path relative to the folder it walks.
 *
 * <p>Implementations must be thread-safe: one loader is shared by every file of a walk and may be called from
 * several threads at once. The built-in loaders are stateless.
 */
public interface DocumentLoader {

  /**
   * Whether this loader handles {@code file}, judged from its name alone (no I/O), so that {@link
   * DocumentLoaders#chain} can pick a loader before anything is read.
   */
  boolean supports(Path file);

  /**
   * Loads {@code file}.
   *
   * @throws DocumentLoadException naming the file and the problem when it is missing, unreadable, empty,
   *     binary or cannot be parsed
   * @throws IllegalArgumentException if {@code file} is null
   */
  Document load(Path file);
}
