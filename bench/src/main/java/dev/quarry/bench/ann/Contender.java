package dev.quarry.bench.ann;

/**
 * One nearest-neighbour implementation under test, driven the way a user of it would drive it: {@link #build}
 * indexes the base vectors and says how long indexing took, {@link #search} answers one query with the ids of
 * its nearest base vectors (positions in the base array), best first.
 *
 * <p>Once {@link #build} has returned, {@link #search} must be safe to call from several threads at once.
 */
interface Contender extends AutoCloseable {
  /** Short name used in the tables and the JSON ({@code quarry-hnsw}, {@code lucene-hnsw}, ...). */
  String name();

  /** What {@code effort} means for this contender ({@code ef}, {@code nprobe}), or {@code ""} when it has none. */
  String effortName();

  /**
   * Indexes {@code base}; vector {@code i} must come back from {@link #search} as id {@code i}. Returns the
   * nanoseconds spent indexing: the library's own calls, not making its input objects (records, items).
   */
  long build(float[][] base) throws Exception;

  /**
   * Called on one thread before the queries of a sweep point start, for contenders whose effort is index-wide
   * state rather than a per-query argument; does nothing by default.
   */
  default void prepare(int effort) {}

  /** The ids of the (approximately) {@code k} nearest base vectors to {@code query}, best first. */
  int[] search(float[] query, int k, int effort);

  /**
   * Size of the index in its own serialised form (files, saved stream), or -1 when it has none; the caller
   * measures retained heap separately for every contender.
   */
  long bytes();

  /** Releases the index. */
  @Override
  void close();
}
