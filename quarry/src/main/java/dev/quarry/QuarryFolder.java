package dev.quarry;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The folder a persistent {@link Quarry} keeps its data in: the vector store ({@code index/}: snapshots and
 * write-ahead log), the BM25 keyword index over the same chunks ({@code keywords/}, Lucene) and the manifest
 * ({@code quarry.properties}) naming the embedding model that filled them and its dimension.
 */
record QuarryFolder(Path dir) {
  static final String MANIFEST = "quarry.properties";
  static final String MODEL_KEY = "model";
  static final String DIMENSION_KEY = "dimension";
  /**
   * What a store made before the manifest recorded a model holds: the first default model's vectors. A folder
   * whose store holds records but no manifest, or a manifest without a model entry, is such a store.
   */
  static final String UNRECORDED_MODEL = "ALL_MINILM_L6_V2";

  Path indexDir() {
    return dir.resolve("index");
  }

  Path keywordsDir() {
    return dir.resolve("keywords");
  }

  Path manifest() {
    return dir.resolve(MANIFEST);
  }

  /** Whether the folder holds a vector store (older ones may lack the manifest or the keyword index). */
  boolean hasStore() {
    return Files.isDirectory(indexDir());
  }

  /**
   * The model id the manifest file records ({@value #UNRECORDED_MODEL} if it has no entry); empty when there is
   * no manifest, whatever else the folder holds. Read with the folder's stores locked, this is the final word.
   *
   * @throws IndexCorruptedException naming the manifest, if it is not a properties file or the entry is blank
   * @throws StorageException if it cannot be read
   */
  Optional<String> manifestModel() {
    if (!Files.isRegularFile(manifest())) {
      return Optional.empty();
    }
    String model = read().getProperty(MODEL_KEY);
    if (model == null) {
      return Optional.of(UNRECORDED_MODEL);
    }
    if (model.isBlank()) {
      throw new IndexCorruptedException(manifest(), "its '" + MODEL_KEY + "' entry is blank: the file was damaged"
          + " or edited; write the name of the embedding model that filled the folder");
    }
    return Optional.of(model.strip());
  }

  /** Writes the manifest naming {@code modelId} and {@code dimension}; called with the folder's stores locked. */
  void record(String modelId, int dimension) {
    Properties properties = new Properties();
    properties.setProperty(MODEL_KEY, modelId);
    properties.setProperty(DIMENSION_KEY, Integer.toString(dimension));
    try {
      Files.createDirectories(dir);
      Path temporary = dir.resolve(MANIFEST + ".tmp");
      try (Writer out = Files.newBufferedWriter(temporary)) {
        properties.store(out, "Quarry store: the embedding model that filled it");
      }
      Files.move(temporary, manifest(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StorageException(manifest(), "cannot write " + manifest() + ": " + e.getMessage(), e);
    }
  }

  private Properties read() {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(manifest())) {
      properties.load(in);
    } catch (IOException e) {
      throw new StorageException(manifest(), "cannot read " + manifest() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) { // a malformed unicode escape
      throw new IndexCorruptedException(manifest(), "not a properties file: " + e.getMessage(), e);
    }
    return properties;
  }
}
