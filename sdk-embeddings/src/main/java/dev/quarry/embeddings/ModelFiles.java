package dev.quarry.embeddings;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checks on the files a model is loaded from. Stateless. */
final class ModelFiles {
  private ModelFiles() {}

  /**
   * {@code file}, when it is a regular file.
   *
   * @param what the file's role, for the message: {@code "ONNX model"}, {@code "tokenizer.json"}
   * @throws IllegalArgumentException if {@code file} is null or not a file
   */
  static Path require(Path file, String what) {
    if (file == null) {
      throw new IllegalArgumentException(what + " path must not be null");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(what + " file not found: " + file);
    }
    return file;
  }
}
