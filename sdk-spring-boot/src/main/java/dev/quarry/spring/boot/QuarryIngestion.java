package dev.quarry.spring.boot;

import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.loader.FolderLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests folders through the context's {@link Ingestor}: on demand, and at start-up for {@code
 * quarry.ingest.folders} when {@code quarry.ingest.on-startup=true}. Files whose text is already stored are not
 * embedded again, so ingesting the same folder at every start costs little. Thread-safe, as the ingestor is;
 * concurrent runs over the same files are not coordinated.
 */
public final class QuarryIngestion {
  private static final Logger LOG = LoggerFactory.getLogger(QuarryIngestion.class);

  private final Ingestor ingestor;
  private final List<String> include;

  QuarryIngestion(Ingestor ingestor, List<String> include) {
    this.ingestor = ingestor;
    this.include = List.copyOf(include);
  }

  /**
   * Loads, splits, embeds and stores the files of {@code folder} that the include patterns select; a file that
   * cannot be loaded is in the result's report, and the rest go on. Each document's id is its absolute path (the
   * folder's real path, then the file's path inside it), so that folders with files of the same name never replace
   * each other's documents.
   *
   * @throws IllegalArgumentException if {@code folder} is null or not a readable directory
   */
  public IngestResult ingest(Path folder) {
    Path root = readableDirectory(folder, "cannot ingest " + folder);
    FolderLoader.Builder loader = FolderLoader.builder(root).idPrefix(root + root.getFileSystem().getSeparator());
    if (!include.isEmpty()) {
      loader.include(include.toArray(String[]::new));
    }
    IngestResult result = ingestor.ingest(loader.build());
    LOG.info("Ingested {}: {} files, {} chunks embedded, {} unchanged, {} failed, in {} ms", root,
        result.files().loaded(), result.chunks(), result.unchangedChunks(), result.files().failures().size(),
        result.elapsed().toMillis());
    result.files().failures().forEach(failure -> LOG.warn("Not ingested: {}", failure));
    return result;
  }

  /** The real path of {@code folder}, or an error starting with {@code context} that says what is wrong. */
  private static Path readableDirectory(Path folder, String context) {
    if (folder == null) {
      throw new IllegalArgumentException("folder must not be null");
    }
    if (!Files.isDirectory(folder) || !Files.isReadable(folder)) {
      throw new IllegalArgumentException(context + ": "
          + (Files.exists(folder) ? "it is not a readable directory" : "no such directory"));
    }
    try {
      return folder.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException(context + ": " + e.getMessage(), e);
    }
  }

  /**
   * Ingests each folder in turn. Every folder is checked before any is ingested, so a misspelt one stops the
   * start-up before anything is written.
   *
   * @throws IllegalArgumentException naming the first folder that is missing or not a readable directory
   */
  public List<IngestResult> ingestAll(List<Path> folders) {
    for (Path folder : folders) {
      readableDirectory(folder, "quarry.ingest.folders: " + folder);
    }
    List<IngestResult> results = new ArrayList<>();
    for (Path folder : folders) {
      results.add(ingest(folder));
    }
    return List.copyOf(results);
  }
}
