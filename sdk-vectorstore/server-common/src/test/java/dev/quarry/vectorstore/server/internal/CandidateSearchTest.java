package dev.quarry.vectorstore.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The candidate loop without a server: the "server" is a list of 1,000 hits, best first (hit i scores 1 - i/1000
 * and has metadata {@code n = i}, {@code s = "k" + i}), that gives at most {@code limit} of them a search.
 */
class CandidateSearchTest {
  private final List<SearchHit> ranked = new ArrayList<>();
  private final List<Integer> asked = new ArrayList<>();
  private int scans;

  CandidateSearchTest() {
    for (int i = 0; i < 1000; i++) {
      ranked.add(new SearchHit(new Chunk("c" + i, "d", "t", Metadata.of(Map.of("n", (long) i, "s", "k" + i)), 0, 1),
          1 - i / 1000.0));
    }
  }

  private List<SearchHit> search(SearchRequest request, int limit) {
    // An exact clause is applied as a server applies it; any other narrows nothing here (a superset is allowed).
    List<SearchHit> candidates = request.filter().filter(CandidateFilter::isExact)
        .map(f -> ranked.stream().filter(h -> f.matches(h.chunk().metadata())).toList()).orElse(ranked);
    return CandidateSearch.search(request, limit, n -> {
      asked.add(n);
      return candidates.subList(0, Math.min(n, candidates.size()));
    }, consumer -> {
      scans++;
      ranked.reversed().forEach(consumer); // any order
    });
  }

  @Test
  void anExactClauseAsksForKAndAnInexactOneForMoreUntilKHitsAreFound() {
    float[] v = {1};
    assertThat(search(SearchRequest.builder(v).maxResults(5).filter(Filter.eq("n", 3)).build(), 10_000))
        .extracting(SearchHit::id).containsExactly("c3");
    assertThat(asked).containsExactly(5);
    asked.clear();

    List<SearchHit> hits = search(SearchRequest.builder(v).maxResults(5).filter(Filter.gte("s", "k990")).build(),
        10_000);

    assertThat(hits).extracting(SearchHit::id).containsExactly("c990", "c991", "c992", "c993", "c994");
    assertThat(asked).containsExactly(100, 400, 1600);
    assertThat(scans).isZero();
  }

  @Test
  void pastTheServersLimitEveryCandidateIsScoredAndTheBestAreKept() {
    List<SearchHit> hits = search(SearchRequest.builder(new float[] {1}).maxResults(3)
        .filter(Filter.gte("s", "k990")).build(), 200);

    assertThat(hits).extracting(SearchHit::id).containsExactly("c990", "c991", "c992");
    assertThat(asked).containsExactly(100, 200);
    assertThat(scans).isEqualTo(1);
  }

  @Test
  void candidatesBelowTheMinimumScoreEndTheSearch() {
    List<SearchHit> hits = search(SearchRequest.builder(new float[] {1}).maxResults(5).minScore(0.995)
        .filter(Filter.gte("s", "k5")).build(), 200);

    assertThat(hits).extracting(SearchHit::id).containsExactly("c5");
    assertThat(asked).containsExactly(100);
    assertThat(scans).isZero();
  }

  @Test
  void scoresAreTheServersForEachMetric() {
    float[] query = Metric.COSINE.prepare(new float[] {3, 0});
    assertThat(CandidateSearch.score(Metric.COSINE, query, new float[] {3, 4})).isCloseTo(0.6, within());
    assertThat(CandidateSearch.score(Metric.DOT_PRODUCT, new float[] {3, 0}, new float[] {3, 4})).isEqualTo(9);
    assertThat(CandidateSearch.score(Metric.EUCLIDEAN, new float[] {3, 0}, new float[] {3, 4})).isEqualTo(-4);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
