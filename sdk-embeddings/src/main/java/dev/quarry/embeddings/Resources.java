package dev.quarry.embeddings;

import dev.quarry.api.NonRetriableException;
import java.io.IOException;
import java.io.InputStream;

/** Reads model files: from class-path resources (the model jars) or from a path. */
final class Resources {
  private Resources() {}

  static InputStream open(String resource, EmbeddingPreset preset) {
    InputStream in = Resources.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new NonRetriableException(
          "model resource '" + resource + "' of preset " + preset + " is not on the class path; add the"
              + " dependency " + preset.artifact());
    }
    return in;
  }

  static byte[] readFile(java.nio.file.Path file) {
    try {
      return java.nio.file.Files.readAllBytes(file);
    } catch (IOException e) {
      throw new NonRetriableException("cannot read ONNX model " + file, e);
    }
  }

  static byte[] read(String resource, EmbeddingPreset preset) {
    try (InputStream in = open(resource, preset)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new NonRetriableException("cannot read model resource '" + resource + "'", e);
    }
  }
}
