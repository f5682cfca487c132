package dev.quarry.vectorstore.internal.index;

/**
 * Which ordinals a search may return: live records matching the query's filter. Internal, not API.
 * Implementations must be safe to call from the searching thread while the store's read lock is held.
 */
@FunctionalInterface
public interface Accept {
  /** Every ordinal. */
  Accept ALL = ordinal -> true;

  boolean test(int ordinal);
}
