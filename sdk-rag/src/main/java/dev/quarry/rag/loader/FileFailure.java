package dev.quarry.rag.loader;

/**
 * One file that a {@link FolderLoader} could not load, and why. Immutable and thread-safe.
 *
 * @param path the file's path relative to the walked folder, with forward slashes (as a document id would be)
 * @param reason the kind of problem
 * @param problem what went wrong, for a person, e.g. {@code "is 31 bytes, over the limit of 10 bytes"}
 */
public record FileFailure(String path, FailureReason reason, String problem) {
  public FileFailure {
    if (path == null || reason == null || problem == null) {
      throw new IllegalArgumentException(
          "path, reason and problem must not be null, were " + path + ", " + reason + ", " + problem);
    }
  }

  @Override
  public String toString() {
    return path + ": " + problem + " [" + reason + "]";
  }
}
