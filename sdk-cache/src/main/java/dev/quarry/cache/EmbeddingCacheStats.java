package dev.quarry.cache;

/**
 * What a {@link CachingEmbeddingModel} has done since it was built, and what it holds now. Every text asked for
 * counts once, as a hit or a miss: {@code hits + misses} is the number of texts (documents and queries) asked for.
 *
 * @param hits texts returned without embedding them: found in memory or in the folder, repeated earlier in the
 *     same batch, or being embedded by another call at the same time
 * @param misses texts the model embedded
 * @param entriesInMemory vectors held in memory now
 * @param entriesOnDisk vectors held in the cache's folder now; 0 without a folder
 */
public record EmbeddingCacheStats(long hits, long misses, long entriesInMemory, long entriesOnDisk) {
  /**
   * Checks the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public EmbeddingCacheStats {
    requireNonNegative(hits, "hits");
    requireNonNegative(misses, "misses");
    requireNonNegative(entriesInMemory, "entriesInMemory");
    requireNonNegative(entriesOnDisk, "entriesOnDisk");
  }

  /** The share of texts asked for that were hits, from 0 to 1; 0 when none was asked for. */
  public double hitRate() {
    long requests = hits + misses;
    return requests == 0 ? 0 : (double) hits / requests;
  }

  private static void requireNonNegative(long value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must be >= 0, was " + value);
    }
  }
}
