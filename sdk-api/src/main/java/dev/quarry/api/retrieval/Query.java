package dev.quarry.api.retrieval;

import static dev.quarry.api.internal.Checks.requireNonBlank;
import static dev.quarry.api.internal.Checks.requireNonNull;
import static dev.quarry.api.internal.Checks.requirePositive;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchOptions;
import java.util.Optional;

/**
 * A question put to a {@link Retriever}: its text, how many chunks to return, an optional metadata filter and an
 * optional search effort for the vector store.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the question, not blank
 * @param maxResults how many chunks at most, positive
 * @param filter a condition every returned chunk satisfies, if present
 * @param searchOptions the vector search's effort ({@code efSearch}, {@code nprobe}, exact), if present; a
 *     retriever that searches vectors passes it to its store, which must be a {@link
 *     dev.quarry.api.store.TunableVectorStore}, and keyword search ignores it
 */
public record Query(String text, int maxResults, Optional<Filter> filter, Optional<SearchOptions> searchOptions) {
  /** Chunks returned when no count is given. */
  public static final int DEFAULT_MAX_RESULTS = 10;

  public Query {
    requireNonBlank(text, "query text");
    requirePositive(maxResults, "maxResults");
    requireNonNull(filter, "query filter");
    requireNonNull(searchOptions, "query searchOptions");
  }

  /** A query without search options. */
  public Query(String text, int maxResults, Optional<Filter> filter) {
    this(text, maxResults, filter, Optional.empty());
  }

  /** A query for the {@value #DEFAULT_MAX_RESULTS} best chunks, unfiltered. */
  public static Query of(String text) {
    return new Query(text, DEFAULT_MAX_RESULTS, Optional.empty());
  }

  /** This query with another result count. */
  public Query withMaxResults(int maxResults) {
    return new Query(text, maxResults, filter, searchOptions);
  }

  /** This query restricted to chunks matching {@code filter}. */
  public Query withFilter(Filter filter) {
    return new Query(text, maxResults, Optional.of(requireNonNull(filter, "filter")), searchOptions);
  }

  /** This query with another text (used by query rewriters). */
  public Query withText(String text) {
    return new Query(text, maxResults, filter, searchOptions);
  }

  /** This query searching vectors with {@code searchOptions} instead of the store's defaults. */
  public Query withSearchOptions(SearchOptions searchOptions) {
    return new Query(text, maxResults, filter, Optional.of(requireNonNull(searchOptions, "searchOptions")));
  }
}
