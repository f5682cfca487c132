package dev.quarry.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Reading or writing a file failed in the operating system: a file that is missing or may not be read, a full
 * disk, an I/O error, a failed {@code fsync}. The message names the file and what Quarry was doing with it;
 * {@link #file()} gives the file for a caller that reports it. Damage found in a file's content is an {@link
 * IndexCorruptedException} instead.
 *
 * <p>Not retriable: a missing file, a permission or a full disk fails the same way on the next call, so fix the
 * cause first. The subclass {@link StoreFailedException} says, in addition, that a store or index stopped taking
 * writes and must be reopened.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class StorageException extends NonRetriableException {
  private static final long serialVersionUID = 1L;
  private final String file;

  /**
   * @param file the file or folder involved, or {@code null} when there is none of its own (an index kept in
   *     memory, a resource read from a jar)
   * @param message what failed, naming the file and the operation
   * @param cause the {@link java.io.IOException} (or other failure) behind it
   */
  public StorageException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file == null ? null : file.toString();
  }

  /** The file or folder involved; empty when there is none of its own (an index in memory, a resource in a jar). */
  public Optional<Path> file() {
    return Optional.ofNullable(file).map(Path::of);
  }
}
