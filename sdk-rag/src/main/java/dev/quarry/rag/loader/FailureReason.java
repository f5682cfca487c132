package dev.quarry.rag.loader;

/**
 * Why a file could not be loaded, so a caller can group failures or decide which ones matter.
 *
 * <p>Immutable and thread-safe.
 */
public enum FailureReason {
  /** The file is missing, not a regular file, a broken link, or cannot be read (permissions, I/O error). */
  UNREADABLE,
  /** The content is not text: NUL bytes, or bytes that are not valid in the file's encoding. */
  BINARY,
  /** The file has no bytes, or no text once decoded or parsed (whitespace only, a scanned PDF). */
  EMPTY,
  /** The file is larger than the configured limit. */
  OVERSIZED,
  /** The format parser rejected the file (a damaged or encrypted PDF, a loader bug). */
  PARSE_ERROR,
  /** No configured loader handles this kind of file. */
  UNSUPPORTED
}
