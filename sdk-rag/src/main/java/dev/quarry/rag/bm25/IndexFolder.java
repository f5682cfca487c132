package dev.quarry.rag.bm25;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Opens the Lucene directory and writer behind a {@link Bm25Index}: in memory, or in a folder that Lucene's
 * {@code write.lock} keeps to one writer at a time. A folder's commit data records the format version and the
 * analyzer, so a folder is never read with an analyzer that would cut its terms differently. Used under the
 * index's construction only; holds no state.
 */
final class IndexFolder {
  static final String FORMAT_KEY = "quarry.bm25.format";
  static final String ANALYZER_KEY = "quarry.bm25.analyzer";
  static final String FORMAT_VERSION = "1";

  private IndexFolder() {}

  /** An open writer and its directory. The caller closes both. */
  record Opened(Directory directory, IndexWriter writer) {}

  /**
   * Opens a writer in memory ({@code folder == null}) or in {@code folder}, creating the folder and the index if
   * missing, and commits the commit data at once so the folder is recognised from then on.
   *
   * @throws IllegalArgumentException if the folder holds other files, or an index made with another analyzer
   * @throws FolderLockedException if another writer (in this or another process) holds the folder
   * @throws IndexCorruptedException if the index files are damaged
   */
  static Opened open(Path folder, Bm25Analyzer language, Analyzer analyzer, Similarity similarity) {
    Directory directory = null;
    try {
      if (folder == null) {
        directory = new ByteBuffersDirectory();
      } else {
        Files.createDirectories(folder);
        directory = FSDirectory.open(folder);
        checkExisting(folder, directory, language);
      }
      IndexWriterConfig config =
          new IndexWriterConfig(analyzer)
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setSimilarity(similarity)
              .setCommitOnClose(true);
      IndexWriter writer = new IndexWriter(directory, config);
      try {
        writer.setLiveCommitData(
            Map.of(FORMAT_KEY, FORMAT_VERSION, ANALYZER_KEY, language.name()).entrySet());
        writer.commit();
      } catch (IOException | RuntimeException e) {
        try {
          writer.rollback();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      Opened opened = new Opened(directory, writer);
      directory = null; // owned by the caller from here
      return opened;
    } catch (LockObtainFailedException e) {
      throw new FolderLockedException(folder,
          "BM25 index folder " + folder + " is already open for writing (in this or another process): "
              + e.getMessage(), e);
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException | EOFException e) {
      throw new IndexCorruptedException(folder, "the BM25 index cannot be read: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StorageException(folder, "cannot open the BM25 index " + (folder == null ? "in memory" : folder), e);
    } finally {
      closeQuietly(directory);
    }
  }

  /** Refuses a folder that holds anything but a Quarry BM25 index made with the same analyzer. */
  private static void checkExisting(Path folder, Directory directory, Bm25Analyzer language) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      try (Stream<Path> files = Files.list(folder)) {
        if (files.anyMatch(f -> !f.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME))) {
          throw new IllegalArgumentException(
              folder + " holds files but no BM25 index; give an empty folder or one a Bm25Index made");
        }
      }
      return;
    }
    Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
    String format = data.get(FORMAT_KEY);
    if (format == null) {
      throw new IllegalArgumentException(folder + " holds a Lucene index that no Bm25Index made");
    }
    if (!format.equals(FORMAT_VERSION)) {
      throw new IllegalArgumentException(
          folder + " holds a BM25 index of format " + format + "; this version reads format " + FORMAT_VERSION);
    }
    String made = data.get(ANALYZER_KEY);
    if (!language.name().equals(made)) {
      throw new IllegalArgumentException(
          folder + " was indexed with the " + made + " analyzer; open it with that analyzer, not " + language);
    }
  }

  private static void closeQuietly(Directory directory) {
    if (directory != null) {
      try {
        directory.close();
      } catch (IOException ignored) {
        // already failing with a more useful exception
      }
    }
  }
}
