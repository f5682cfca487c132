package dev.quarry.rag.bm25;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A vector store that also writes every change to a {@link Bm25Index}; see {@link Bm25Index#syncing} for the
 * contract. How each write goes:
 *
 * <ol>
 *   <li>the call is checked in full, against the vector store's dimension and the index's limits, before either
 *       side is touched;
 *   <li>with the index's write lock held (so writes reach both sides in the same order, and no other write to
 *       the index comes between), the vector store is written first: it may still refuse the call, and then
 *       neither side has changed;
 *   <li>then the index; if that fails, a {@link Bm25SyncException} names what the vector store has and the index
 *       lacks. The vector side goes first because only the index can be checked completely in advance.
 * </ol>
 *
 * <p>Searches and {@link #count()} are the vector store's. {@link #get} returns the vector store's records whose
 * chunk the index holds too, unchanged: a record only one side has, or that the index holds in another version
 * (after a write that failed half-way), reads as missing, and whoever writes it again (an ingest that skips
 * unchanged chunks) brings the two back in step. Thread-safe if the vector store is.
 */
final class SyncedVectorStore implements VectorStore {
  private final Bm25Index index;
  private final VectorStore store;

  SyncedVectorStore(Bm25Index index, VectorStore store) {
    this.index = index;
    this.store = store;
  }

  @Override
  public int dimension() {
    return store.dimension();
  }

  @Override
  public void upsert(List<VectorRecord> records) {
    if (records == null) {
      throw new IllegalArgumentException("records must not be null");
    }
    List<Chunk> chunks = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      VectorRecord record = records.get(i);
      if (record == null) {
        throw new IllegalArgumentException("record at index " + i + " is null");
      }
      if (record.dimension() != store.dimension()) {
        throw new IllegalArgumentException("record '" + record.id() + "' has " + record.dimension()
            + " dimensions, the store has " + store.dimension());
      }
      chunks.add(record.chunk());
    }
    Bm25Index.Batch batch = index.prepare(chunks);
    index.exclusively(
        () -> {
          store.upsert(records);
          try {
            index.apply(batch);
          } catch (RuntimeException e) {
            throw new Bm25SyncException("an upsert of " + records.size() + " chunks", batch.ids(), e);
          }
          return null;
        });
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    return store.search(request);
  }

  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    List<VectorRecord> records = store.get(ids);
    Map<String, Chunk> indexed = index.chunks(records.stream().map(VectorRecord::id).toList());
    return records.stream().filter(r -> r.chunk().equals(indexed.get(r.id()))).toList();
  }

  @Override
  public int delete(Collection<String> ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    List<String> list = new ArrayList<>(ids.size());
    for (String id : ids) {
      if (id == null) {
        throw new IllegalArgumentException("ids must not contain null");
      }
      list.add(id);
    }
    return index.exclusively(
        () -> {
          int removed = store.delete(list);
          try {
            index.delete(list);
          } catch (RuntimeException e) {
            throw new Bm25SyncException("a delete of " + list.size() + " ids", list, e);
          }
          return removed;
        });
  }

  @Override
  public int deleteWhere(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    return index.exclusively(
        () -> {
          int removed = store.deleteWhere(filter);
          try {
            index.deleteWhere(filter);
          } catch (RuntimeException e) {
            throw new Bm25SyncException("a delete where " + filter, List.of(), e);
          }
          return removed;
        });
  }

  @Override
  public long count() {
    return store.count();
  }

  @Override
  public String toString() {
    return "SyncedVectorStore[" + store + " + " + index + "]";
  }
}
