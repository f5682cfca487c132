package dev.quarry;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.pipeline.AnswerCache;
import java.util.Collection;
import java.util.List;

/**
 * A store whose every write empties an answer cache, after the write and whether or not it succeeded (a failed
 * write may have changed part of the store): the cache never answers from documents the store no longer holds.
 * Thread-safe if the store and the cache are.
 */
final class ClearingVectorStore implements VectorStore {
  private final VectorStore store;
  private final AnswerCache cache;

  ClearingVectorStore(VectorStore store, AnswerCache cache) {
    this.store = store;
    this.cache = cache;
  }

  @Override
  public int dimension() {
    return store.dimension();
  }

  @Override
  public void upsert(List<VectorRecord> records) {
    try {
      store.upsert(records);
    } finally {
      cache.clear();
    }
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    return store.search(request);
  }

  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    return store.get(ids);
  }

  @Override
  public int delete(Collection<String> ids) {
    try {
      return store.delete(ids);
    } finally {
      cache.clear();
    }
  }

  @Override
  public int deleteWhere(Filter filter) {
    try {
      return store.deleteWhere(filter);
    } finally {
      cache.clear();
    }
  }

  @Override
  public long count() {
    return store.count();
  }
}
