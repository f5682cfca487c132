package dev.quarry.api;

import java.nio.file.Path;

/**
 * A persisted file failed its magic number, format version or checksum. Quarry refuses to read it rather than
 * return wrong results; {@link #file()} names the file so it can be restored or rebuilt.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class IndexCorruptedException extends NonRetriableException {
  private static final long serialVersionUID = 1L;
  private final String file;

  public IndexCorruptedException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file.toString();
  }

  public IndexCorruptedException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file.toString();
  }

  /** The file that failed its checks. */
  public Path file() {
    return Path.of(file);
  }
}
