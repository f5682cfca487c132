package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract passes a correct brute-force retriever and fails broken ones. */
class RetrieverContractTest {

  @Nested
  class ACorrectRetriever extends RetrieverContract {
    @Override
    protected Retriever retrieverOver(List<Chunk> chunks) {
      return new BruteForceTestRetriever(chunks, false, false);
    }
  }

  private static RetrieverContract suiteFor(boolean ignoreFilters, boolean mutableResults) {
    return new RetrieverContract() {
      @Override
      protected Retriever retrieverOver(List<Chunk> chunks) {
        return new BruteForceTestRetriever(chunks, ignoreFilters, mutableResults);
      }
    };
  }

  @Test
  void failsARetrieverThatIgnoresFilters() {
    RetrieverContract suite = suiteFor(true, false);

    assertThatThrownBy(suite::everyHitMatchesTheFilterAndTheBestMatchingChunkIsFound)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(suite::aFilterNoChunkMatchesGivesAnEmptyList).isInstanceOf(AssertionError.class);
  }

  @Test
  void failsARetrieverThatHandsOutAModifiableList() {
    assertThatThrownBy(suiteFor(false, true)::theHitsAreUnmodifiable).isInstanceOf(AssertionError.class);
  }

  @Test
  void failsARetrieverThatIgnoresMaxResults() {
    RetrieverContract suite = new RetrieverContract() {
      @Override
      protected Retriever retrieverOver(List<Chunk> chunks) {
        Retriever all = new BruteForceTestRetriever(chunks, false, false);
        return query -> all.retrieve(query == null ? null : query.withMaxResults(100));
      }
    };

    assertThatThrownBy(suite::returnsAtMostMaxResultsBestFirstEachChunkOnce).isInstanceOf(AssertionError.class);
  }

  /**
   * Test double: scores every chunk by the query words it contains (a brute-force keyword retriever); optionally
   * broken (ignores filters, or returns a list the caller may change).
   */
  static final class BruteForceTestRetriever implements Retriever {
    private final List<Chunk> chunks;
    private final boolean ignoreFilters;
    private final boolean mutableResults;

    BruteForceTestRetriever(List<Chunk> chunks, boolean ignoreFilters, boolean mutableResults) {
      this.chunks = List.copyOf(chunks);
      this.ignoreFilters = ignoreFilters;
      this.mutableResults = mutableResults;
    }

    @Override
    public List<SearchHit> retrieve(Query query) {
      if (query == null) {
        throw new IllegalArgumentException("query must not be null");
      }
      List<String> words = words(query.text());
      List<SearchHit> hits = new ArrayList<>();
      for (Chunk chunk : chunks) {
        if (!ignoreFilters && query.filter().isPresent() && !query.filter().get().matches(chunk.metadata())) {
          continue;
        }
        List<String> chunkWords = words(chunk.text());
        double score = words.stream().filter(chunkWords::contains).count() / Math.sqrt(chunkWords.size());
        if (score > 0) {
          hits.add(new SearchHit(chunk, score));
        }
      }
      hits.sort(Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(SearchHit::id));
      List<SearchHit> top = hits.subList(0, Math.min(query.maxResults(), hits.size()));
      return mutableResults ? new ArrayList<>(top) : List.copyOf(top);
    }

    private static List<String> words(String text) {
      return List.of(text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
    }
  }
}
