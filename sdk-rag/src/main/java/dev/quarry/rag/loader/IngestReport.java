package dev.quarry.rag.loader;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link FolderLoader#load} run did: how many files became documents, which failed and why, and how many
 * were passed over on purpose. The documents themselves went to the caller's consumer as they were loaded.
 * Immutable and thread-safe.
 *
 * @param loaded files loaded into documents
 * @param loadedBytes total size of the loaded files
 * @param failures the files that failed, sorted by path
 * @param skippedByFilter files not matched by the includes, matched by an exclude, or symbolic links that were
 *     not followed
 * @param skippedHidden hidden files and folders (name starting with a dot) not looked into
 * @param elapsed wall-clock time of the run
 */
public record IngestReport(
    int loaded,
    long loadedBytes,
    List<FileFailure> failures,
    int skippedByFilter,
    int skippedHidden,
    Duration elapsed) {
  public IngestReport {
    if (loaded < 0 || loadedBytes < 0 || skippedByFilter < 0 || skippedHidden < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
    if (failures == null || elapsed == null) {
      throw new IllegalArgumentException("failures and elapsed must not be null");
    }
    failures = List.copyOf(failures);
  }

  /** The number of files that failed. */
  public int failed() {
    return failures.size();
  }

  /** Whether any file failed. */
  public boolean hasFailures() {
    return !failures.isEmpty();
  }

  /** One line for a log or a console, e.g. {@code "loaded 12 files (48213 bytes), 2 failed, 3 skipped..."}. */
  public String summary() {
    return "loaded " + loaded + " files (" + loadedBytes + " bytes), " + failures.size() + " failed, "
        + skippedByFilter + " skipped by filter, " + skippedHidden + " hidden skipped, in "
        + elapsed.toMillis() + " ms";
  }
}
