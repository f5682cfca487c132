package dev.quarry.examples.cli;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.embeddings.EmbeddingPreset;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The folder the CLI keeps a store in: the persistent HNSW store ({@code index/}: snapshot and write-ahead log),
 * the BM25 keyword index over the same chunks ({@code keywords/}, Lucene) and which model filled it ({@code
 * quarry.properties}). Stores made before keyword search have no {@code keywords/}.
 */
record StoreFolder(Path dir) {
  static final String DEFAULT = ".quarry";
  /** The manifest entry naming the embedding model. */
  static final String MODEL_KEY = "model";

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

  /**
   * The model that filled the store: the manifest's {@code model} entry, a preset name as {@link #writeModel}
   * writes it or the short name {@code --model} takes (either in any case). A manifest without the entry is from a
   * store made before it existed, filled with all-MiniLM-L6-v2.
   *
   * @throws IndexCorruptedException naming the manifest, the value found and the values allowed, if the entry
   *     names no model this CLI knows or the file is not a properties file
   * @throws UncheckedIOException if the manifest cannot be read
   */
  EmbeddingPreset model() {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(manifest())) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest(), e);
    } catch (IllegalArgumentException e) { // a malformed unicode escape
      throw new IndexCorruptedException(manifest(), "not a properties file: " + e.getMessage(), e);
    }
    String value = properties.getProperty(MODEL_KEY);
    if (value == null) {
      return EmbeddingPreset.ALL_MINILM_L6_V2;
    }
    for (ModelChoice choice : ModelChoice.values()) {
      if (choice.preset.name().equalsIgnoreCase(value.strip()) || choice.label.equalsIgnoreCase(value.strip())) {
        return choice.preset;
      }
    }
    String allowed = Arrays.stream(ModelChoice.values()).map(c -> c.preset.name() + " (or " + c.label + ")")
        .collect(Collectors.joining(", "));
    throw new IndexCorruptedException(manifest(), "unknown embedding model '" + value + "' in its '" + MODEL_KEY
        + "' entry; allowed: " + allowed + ". The file was damaged, edited, or written by a newer quarry");
  }

  void writeModel(EmbeddingPreset preset) {
    Properties properties = new Properties();
    properties.setProperty(MODEL_KEY, preset.name());
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
