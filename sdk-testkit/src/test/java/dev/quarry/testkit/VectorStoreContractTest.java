package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract passes a correct brute-force store and fails one that ignores filters. */
class VectorStoreContractTest {

  @Nested
  class ACorrectStore extends VectorStoreContract {
    @Override
    protected VectorStore newStore() {
      return new BruteForceTestStore(false);
    }
  }

  @Test
  void failsAStoreThatIgnoresFilters() {
    VectorStoreContract suite =
        new VectorStoreContract() {
          @Override
          protected VectorStore newStore() {
            return new BruteForceTestStore(true);
          }
        };
    suite.createStore();
    assertThatThrownBy(suite::everyHitMatchesTheFilterAndKMatchingRecordsAreFound).isInstanceOf(AssertionError.class);
  }

  /** Test double: brute-force cosine search over a map; optionally broken (ignores filters). */
  static final class BruteForceTestStore implements VectorStore {
    private final Map<String, VectorRecord> records = new LinkedHashMap<>();
    private final boolean ignoreFilters;

    BruteForceTestStore(boolean ignoreFilters) {
      this.ignoreFilters = ignoreFilters;
    }

    @Override
    public int dimension() {
      return VectorStoreContract.DIMENSION;
    }

    @Override
    public synchronized void upsert(List<VectorRecord> batch) {
      if (batch == null) {
        throw new IllegalArgumentException("records must not be null");
      }
      var ids = new HashSet<String>();
      for (VectorRecord r : batch) {
        if (r.dimension() != dimension() || !ids.add(r.id())) {
          throw new IllegalArgumentException("bad record " + r.id());
        }
      }
      batch.forEach(r -> records.put(r.id(), r));
    }

    @Override
    public synchronized List<SearchHit> search(SearchRequest request) {
      if (request.dimension() != dimension()) {
        throw new IllegalArgumentException("bad query dimension");
      }
      float[] q = request.vector();
      List<SearchHit> hits = new ArrayList<>();
      for (VectorRecord r : records.values()) {
        Filter filter = request.filter().orElse(null);
        if (!ignoreFilters && filter != null && !filter.matches(r.chunk().metadata())) {
          continue;
        }
        double score = cosine(q, r.vector());
        if (score >= request.minScore()) {
          hits.add(new SearchHit(r.chunk(), score));
        }
      }
      hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
      return List.copyOf(hits.subList(0, Math.min(request.maxResults(), hits.size())));
    }

    @Override
    public synchronized List<VectorRecord> get(Collection<String> ids) {
      if (ids == null || ids.stream().anyMatch(java.util.Objects::isNull)) {
        throw new IllegalArgumentException("ids must not be or hold null");
      }
      return new LinkedHashSet<>(ids).stream().map(records::get).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public synchronized int delete(Collection<String> ids) {
      int n = 0;
      for (String id : ids) {
        n += records.remove(id) != null ? 1 : 0;
      }
      return n;
    }

    @Override
    public synchronized int deleteWhere(Filter filter) {
      int before = records.size();
      records.values().removeIf(r -> filter.matches(r.chunk().metadata()));
      return before - records.size();
    }

    @Override
    public synchronized long count() {
      return records.size();
    }

    private static double cosine(float[] a, float[] b) {
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int i = 0; i < a.length; i++) {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
      }
      return dot / Math.sqrt(na * nb);
    }
  }
}
