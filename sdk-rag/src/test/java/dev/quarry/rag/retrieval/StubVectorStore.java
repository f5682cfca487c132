package dev.quarry.rag.retrieval;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A <b>test double</b> for {@link VectorStore}: every search returns the same canned hits and is recorded, so a
 * test can check the vector, k and filter a retriever asked for. Holds no records; the write methods are not
 * supported. Thread-safe.
 */
final class StubVectorStore implements VectorStore {
  private final int dimension;
  private final List<SearchHit> hits;
  private final List<SearchRequest> requests = new CopyOnWriteArrayList<>();

  StubVectorStore(int dimension, List<SearchHit> hits) {
    this.dimension = dimension;
    this.hits = List.copyOf(hits);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    requests.add(request);
    return hits;
  }

  /** Every search request received, in order. */
  List<SearchRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void upsert(List<VectorRecord> records) {
    throw new UnsupportedOperationException("StubVectorStore is read-only");
  }

  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    throw new UnsupportedOperationException("StubVectorStore only answers searches");
  }

  @Override
  public int delete(Collection<String> ids) {
    throw new UnsupportedOperationException("StubVectorStore is read-only");
  }

  @Override
  public int deleteWhere(Filter filter) {
    throw new UnsupportedOperationException("StubVectorStore is read-only");
  }

  @Override
  public long count() {
    return 0;
  }
}
