package dev.quarry.bench.stores;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A store that keeps the records an {@code Ingestor} writes through it, in order, and passes everything on to the
 * store it wraps: the benchmark embeds the corpus once and writes the same records into every store it measures.
 */
final class CapturingStore implements VectorStore {
  private final VectorStore delegate;
  private final List<VectorRecord> records = new ArrayList<>();

  CapturingStore(VectorStore delegate) {
    this.delegate = delegate;
  }

  List<VectorRecord> records() {
    return records;
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public void upsert(List<VectorRecord> batch) {
    delegate.upsert(batch);
    records.addAll(batch);
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    return delegate.search(request);
  }

  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    return delegate.get(ids);
  }

  @Override
  public int delete(Collection<String> ids) {
    return delegate.delete(ids);
  }

  @Override
  public int deleteWhere(Filter filter) {
    return delegate.deleteWhere(filter);
  }

  @Override
  public long count() {
    return delegate.count();
  }
}
