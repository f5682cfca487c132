package dev.quarry.api;

import java.nio.file.Path;

/**
 * A persistent store or index stopped taking writes because writing or forcing ({@code fsync}) its files failed.
 * After a failed {@code fsync} the operating system may already have dropped the pages it could not write, so
 * what the file holds is no longer known; a later write, even one whose {@code fsync} succeeds, could not make it
 * sound again. The call that failed, and every later write on the same instance, throw this exception; reads go
 * on. Close the instance and open it again: it then recovers from what was forced to disk.
 *
 * <p>Not retriable on the same instance. The write that failed may or may not be found after reopening (its bytes
 * may have reached the disk before the failure was reported); upserts and deletes by id may simply be repeated.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class StoreFailedException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param file the file whose write or {@code fsync} failed, or {@code null} for an index kept in memory
   * @param message what failed, naming the file and the operation
   * @param cause the failure behind it
   */
  public StoreFailedException(Path file, String message, Throwable cause) {
    super(file, message, cause);
  }
}
