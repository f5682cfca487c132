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
 * The folder the CLI keeps a store in: the persistent HNSW store ({@code index/}: snapshot and write-ahead log)
 * and which model filled it ({@code quarry.properties}).
 */
record StoreFolder(Path dir) {
  static final String DEFAULT = ".quarry";

  Path indexDir() {
    return dir.resolve("index");
  }

  Path manifest() {
    return dir.resolve("quarry.properties");
  }

  boolean exists() {
    return Files.isDirectory(indexDir()) && Files.isRegularFile(manifest());
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
