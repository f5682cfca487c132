package dev.quarry.vectorstore;

/**
 * When a persistent {@link EmbeddedVectorStore} forces its write-ahead log to disk.
 *
 * <p>Immutable and thread-safe.
 */
public enum FsyncPolicy {
  /**
   * The default: every write ({@code upsert}, {@code delete}, {@code deleteWhere}) is forced to disk before the
   * call returns, so an acknowledged write survives a process crash and a power cut.
   */
  ALWAYS,
  /**
   * Writes reach the operating system before the call returns but are forced to disk only at checkpoints and on
   * close: an acknowledged write survives a crash of the JVM, not of the machine. Much faster for many small
   * writes.
   */
  NEVER
}
