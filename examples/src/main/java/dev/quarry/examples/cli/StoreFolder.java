package dev.quarry.examples.cli;

import dev.quarry.embeddings.EmbeddingPreset;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The folder the CLI keeps a store in: the persistent HNSW store ({@code index/}: snapshot and write-ahead log),
 * the BM25 keyword index over the same chunks ({@code keywords/}, Lucene) and which model filled it ({@code
 * quarry.properties}). Stores made before keyword search have no {@code keywords/}.
 */
record StoreFolder(Path dir) {
  static final String DEFAULT = ".quarry";

  Path indexDir() {
    return dir.resolve("index");
  }

  Path keywordsDir() {
    return dir.resolve("keywords");
  }

  /** Whether the store has a keyword index; opening one with {@code Bm25Index} would create it. */
  boolean hasKeywords() {
    return Files.isDirectory(keywordsDir());
  }

  Path manifest() {
    return dir.resolve("quarry.properties");
  }

  boolean exists() {
    return Files.isDirectory(indexDir()) && Files.isRegularFile(manifest());
  }

  /**
   * This folder, if it holds a store.
   *
   * @throws IllegalArgumentException saying to ingest first, if it does not
   */
  StoreFolder requireExisting() {
    if (!exists()) {
      throw new IllegalArgumentException(
          "no store in " + dir.toAbsolutePath() + ": run 'quarry ingest <folder>' first");
    }
    return this;
  }

  EmbeddingPreset model() {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(manifest())) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest(), e);
    }
    return EmbeddingPreset.valueOf(properties.getProperty("model", EmbeddingPreset.ALL_MINILM_L6_V2.name()));
  }

  void writeModel(EmbeddingPreset preset) {
    Properties properties = new Properties();
    properties.setProperty("model", preset.name());
    try {
      Files.createDirectories(dir);
      try (Writer out = Files.newBufferedWriter(manifest())) {
        properties.store(out, "Quarry store: the embedding model that filled it");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + manifest(), e);
    }
  }
}
