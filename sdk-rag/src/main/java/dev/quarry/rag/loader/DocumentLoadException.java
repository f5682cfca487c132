package dev.quarry.rag.loader;

import dev.quarry.api.NonRetriableException;

/**
 * One file could not be loaded. The message names the file and the problem, e.g. {@code "/data/a.bin: looks
 * binary (NUL byte at offset 12)"}; {@link #reason()} classifies it. Loading the same bytes again fails the same
 * way, hence non-retriable.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class DocumentLoadException extends NonRetriableException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final FailureReason reason;
  private final String problem;

  public DocumentLoadException(String file, FailureReason reason, String problem) {
    this(file, reason, problem, null);
  }

  public DocumentLoadException(String file, FailureReason reason, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    if (file == null || reason == null || problem == null) {
      throw new IllegalArgumentException(
          "file, reason and problem must not be null, were " + file + ", " + reason + ", " + problem);
    }
    this.file = file;
    this.reason = reason;
    this.problem = problem;
  }

  /** The file as the loader was given it (an absolute path). */
  public String file() {
    return file;
  }

  /** The kind of problem. */
  public FailureReason reason() {
    return reason;
  }

  /** The problem without the file name, e.g. {@code "is empty (0 bytes)"}. */
  public String problem() {
    return problem;
  }
}
