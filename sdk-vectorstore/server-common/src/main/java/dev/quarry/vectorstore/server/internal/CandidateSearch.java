package dev.quarry.vectorstore.server.internal;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A search over a server that returns candidates for a {@link CandidateFilter} clause: keeps the candidates that
 * {@link Filter#matches} accepts and that score at least {@link SearchRequest#minScore()}, and asks the server for
 * more candidates (four times as many each round) until it has {@link SearchRequest#maxResults()} hits, the server
 * has no more, or the candidates score below the minimum (they come best first, so later ones would too).
 */
public final class CandidateSearch {
  /** Candidates asked for at least, when the server's clause is not exact. */
  static final int MIN_OVERFETCH = 100;

  private CandidateSearch() {}

  /**
   * The hits of {@code request}, best first.
   *
   * @param candidates the server's best {@code n} candidates for the request's clause, best first; fewer when it
   *     has fewer
   * @param limit the most candidates the server gives in one request
   */
  public static List<SearchHit> search(SearchRequest request, int limit, IntFunction<List<SearchHit>> candidates) {
    Optional<Filter> filter = request.filter();
    int k = request.maxResults();
    long asked = filter.isEmpty() || CandidateFilter.isExact(filter.get()) ? k : Math.max(4L * k, MIN_OVERFETCH);
    while (true) {
      int n = (int) Math.min(asked, limit);
      List<SearchHit> found = candidates.apply(n);
      List<SearchHit> hits = new ArrayList<>();
      boolean belowMinScore = false;
      for (SearchHit hit : found) {
        belowMinScore |= hit.score() < request.minScore();
        if (hit.score() >= request.minScore() && filter.map(f -> f.matches(hit.chunk().metadata())).orElse(true)) {
          hits.add(hit);
        }
      }
      boolean exhausted = found.size() < n || belowMinScore || n == limit;
      if (hits.size() >= k || exhausted) {
        return hits.size() > k ? List.copyOf(hits.subList(0, k)) : hits;
      }
      asked = 4 * asked;
    }
  }
}
