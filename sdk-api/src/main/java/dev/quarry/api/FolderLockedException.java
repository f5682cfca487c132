package dev.quarry.api;

import java.nio.file.Path;

/**
 * A store or index folder is held by another open instance, which has it locked: another process, or another
 * store over the same folder in this one. Opening it again is not retried here: a second open in the same process
 * is a bug, and another process releases the folder only when it closes it. {@link #folder()} names the folder so
 * a caller can say which one is busy.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class FolderLockedException extends NonRetriableException {
  private static final long serialVersionUID = 1L;
  private final String folder;

  public FolderLockedException(Path folder, String message) {
    super(message);
    this.folder = folder.toString();
  }

  public FolderLockedException(Path folder, String message, Throwable cause) {
    super(message, cause);
    this.folder = folder.toString();
  }

  /** The locked folder. */
  public Path folder() {
    return Path.of(folder);
  }
}
