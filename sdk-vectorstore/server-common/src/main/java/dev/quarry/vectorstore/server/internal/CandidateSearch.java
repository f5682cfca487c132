package dev.quarry.vectorstore.server.internal;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A search over a server that returns candidates for a {@link CandidateFilter} clause: keeps the candidates that
 * {@link Filter#matches} accepts and that score at least {@link SearchRequest#minScore()}, and asks the server for
 * more candidates (four times as many each round) until it has {@link SearchRequest#maxResults()} hits, the server
 * has no more, or the candidates score below the minimum (they come best first, so later ones would too). A server
 * that gives at most {@code limit} candidates a search may be read whole instead ({@code scan}), scored here.
 */
public final class CandidateSearch {
  /** Candidates asked for at least, when the server's clause is not exact. */
  static final int MIN_OVERFETCH = 100;

  private CandidateSearch() {}

  /** As {@link #search(SearchRequest, int, IntFunction, Consumer)}, for a server without a result limit. */
  public static List<SearchHit> search(SearchRequest request, IntFunction<List<SearchHit>> candidates) {
    return search(request, Integer.MAX_VALUE, candidates, null);
  }

  /**
   * The hits of {@code request}, best first.
   *
   * @param limit the most candidates the server gives in one search
   * @param candidates the server's best {@code n} candidates for the request's clause, best first; fewer when it
   *     has fewer
   * @param scan when a search of {@code limit} candidates still leaves fewer than {@code maxResults} hits: hands
   *     every candidate of the clause, in any order and scored as the server would ({@link #score}), to the
   *     consumer it is given; the best of them are the answer
   */
  public static List<SearchHit> search(SearchRequest request, int limit, IntFunction<List<SearchHit>> candidates,
      Consumer<Consumer<SearchHit>> scan) {
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
        if (qualifies(hit, request)) {
          hits.add(hit);
        }
      }
      if (hits.size() >= k || found.size() < n || belowMinScore) {
        return hits.size() > k ? List.copyOf(hits.subList(0, k)) : hits;
      }
      if (n == limit) {
        return scan == null ? hits : best(request, scan);
      }
      asked = 4 * asked;
    }
  }

  /**
   * The score a server gives {@code stored} for a query already {@link Metric#prepare prepared}: the cosine (the
   * query is of unit length), the dot product, or the negated Euclidean distance.
   */
  public static double score(Metric metric, float[] preparedQuery, float[] stored) {
    double dot = 0;
    double norm = 0;
    double squared = 0;
    for (int i = 0; i < Math.min(preparedQuery.length, stored.length); i++) {
      dot += (double) preparedQuery[i] * stored[i];
      norm += (double) stored[i] * stored[i];
      double d = (double) preparedQuery[i] - stored[i];
      squared += d * d;
    }
    return switch (metric) {
      case COSINE -> norm == 0 ? 0 : dot / Math.sqrt(norm);
      case DOT_PRODUCT -> dot;
      case EUCLIDEAN -> -Math.sqrt(squared);
    };
  }

  private static List<SearchHit> best(SearchRequest request, Consumer<Consumer<SearchHit>> scan) {
    int k = request.maxResults();
    PriorityQueue<SearchHit> best = new PriorityQueue<>(Comparator.comparingDouble(SearchHit::score));
    scan.accept(hit -> {
      if (qualifies(hit, request)) {
        best.add(hit);
        if (best.size() > k) {
          best.poll();
        }
      }
    });
    List<SearchHit> hits = new ArrayList<>(best);
    hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
    return hits;
  }

  private static boolean qualifies(SearchHit hit, SearchRequest request) {
    return hit.score() >= request.minScore()
        && request.filter().map(f -> f.matches(hit.chunk().metadata())).orElse(true);
  }
}
