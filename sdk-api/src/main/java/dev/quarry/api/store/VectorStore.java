package dev.quarry.api.store;

import java.util.Collection;
import java.util.List;

/**
 * Stores chunks with their vectors and finds the nearest ones to a query vector.
 *
 * <p>Contract shared by every implementation (checked by {@code VectorStoreContract} in quarry-testkit):
 *
 * <ul>
 *   <li>{@link #upsert} replaces a record with the same id; a batch with the same id twice is rejected as a
 *       whole, as is a batch with a vector of the wrong dimension or a non-finite component. A rejected batch
 *       changes nothing.
 *   <li>{@link #search} returns at most {@link SearchRequest#maxResults()} hits, best first, all matching
 *       the filter; if at least that many records match, exactly that many are returned (approximate indexes may return different
 *       ones than exact search).
 *   <li>{@link #get} returns the stored records with the given ids, in the order asked, skipping unknown ids.
 * </ul>
 *
 * <p>A store whose searches take a per-query effort ({@link SearchOptions}) says so by implementing {@link
 * TunableVectorStore}.
 *
 * <p>Implementations must be thread-safe and document how searches see concurrent writes.
 */
public interface VectorStore {

  /** The length every stored vector must have. */
  int dimension();

  /** Inserts or replaces {@code records}. */
  void upsert(List<VectorRecord> records);

  /** The best hits for {@code request}, best first. */
  List<SearchHit> search(SearchRequest request);

  /**
   * The records stored under {@code ids}, in the order of {@code ids}, each once; ids nothing is stored under are
   * skipped. A record's vector is the one the store keeps: a cosine store may keep it scaled to unit length.
   *
   * @throws IllegalArgumentException if {@code ids} is null or holds null
   */
  List<VectorRecord> get(Collection<String> ids);

  /** Removes the records with these ids; returns how many existed. Unknown ids are ignored. */
  int delete(Collection<String> ids);

  /** Removes every record whose metadata matches {@code filter}; returns how many were removed. */
  int deleteWhere(Filter filter);

  /** The number of records stored. */
  long count();
}
