package dev.quarry.rag.bm25;

import dev.quarry.api.StorageException;
import dev.quarry.api.StoreFailedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.IOUtils;

/**
 * The Lucene machinery behind a {@link Bm25Index}: one writer, a near-real-time searcher refreshed after every
 * write, commits in a folder, and the locking that makes writes atomic and visible at once.
 *
 * <p>How it is thread-safe, step by step:
 *
 * <ol>
 *   <li>Writes hold {@link #writes}, so they run one at a time; each applies one Lucene change (a block update
 *       or a delete, which Lucene applies whole or not at all), commits it in a folder, then refreshes the
 *       searcher before it returns.
 *   <li>Searches take the current searcher from the {@link SearcherManager} and never wait for a write: they see
 *       the state after the last refresh, which includes every write that returned.
 *   <li>{@link #close} holds {@link #writes} and the {@link #lifecycle} lock exclusively, so it waits for the
 *       running write and searches, and none starts on a closed directory.
 * </ol>
 *
 * <p>A change that fails other than by Lucene refusing a document (an I/O error) leaves the writer in an unknown
 * state: writes are refused from then on and close rolls back to the last commit.
 */
final class LuceneIndex implements AutoCloseable {
  private final Path folder;
  private final Analyzer analyzer;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final ReentrantLock writes = new ReentrantLock();
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private volatile Exception failure;

  private LuceneIndex(Path folder, Analyzer analyzer, IndexFolder.Opened opened, SearcherManager searchers) {
    this.folder = folder;
    this.analyzer = analyzer;
    this.directory = opened.directory();
    this.writer = opened.writer();
    this.searchers = searchers;
  }

  /** Opens an index in memory ({@code folder == null}) or in a folder; see {@link IndexFolder#open}. */
  static LuceneIndex open(Path folder, Bm25Analyzer language, BM25Similarity similarity) {
    Analyzer analyzer = language.create();
    IndexFolder.Opened opened;
    try {
      opened = IndexFolder.open(folder, language, analyzer, similarity);
    } catch (RuntimeException e) {
      IOUtils.closeWhileHandlingException(analyzer);
      throw e;
    }
    try {
      SearcherManager searchers = new SearcherManager(opened.writer(), new SimilarSearchers(similarity));
      return new LuceneIndex(folder, analyzer, opened, searchers);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(opened.writer()::rollback, opened.directory(), analyzer);
      throw e instanceof IOException io
          ? new StorageException(folder, "cannot open a searcher on the BM25 index" + where(folder), io)
          : (RuntimeException) e;
    }
  }

  /** The analyzer the writer indexes with, for analysing queries the same way. */
  Analyzer analyzer() {
    return analyzer;
  }

  /** Runs {@code reader} on the current searcher. */
  <T> T read(Reader<T> reader) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      IndexSearcher searcher = searchers.acquire();
      try {
        return reader.apply(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IndexSearcher.TooManyClauses e) {
      throw tooManyClauses(e);
    } catch (IOException e) {
      throw new StorageException(folder, "cannot read the BM25 index" + where(folder), e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Replaces every document matching {@code old} with {@code documents}, atomically. */
  void replace(Query old, List<Document> documents) {
    writes.lock();
    try {
      ensureWritable();
      change(w -> w.updateDocuments(old, documents));
    } finally {
      writes.unlock();
    }
  }

  /** Deletes the documents matching {@code query}; returns how many there were. */
  int delete(Query query) {
    writes.lock();
    try {
      ensureWritable();
      IndexSearcher current = searchers.acquire(); // shows every earlier write: each one refreshed it
      int present;
      try {
        present = current.count(query);
      } catch (IndexSearcher.TooManyClauses e) {
        throw tooManyClauses(e);
      } finally {
        searchers.release(current);
      }
      if (present > 0) {
        change(w -> w.deleteDocuments(query));
      }
      return present;
    } catch (IOException e) {
      throw new StorageException(folder, "cannot read the BM25 index" + where(folder), e);
    } finally {
      writes.unlock();
    }
  }

  /** Runs {@code action} with other writes held off, after checking the index can still be written. */
  <T> T exclusively(Supplier<T> action) {
    writes.lock();
    try {
      ensureWritable();
      return action.get();
    } finally {
      writes.unlock();
    }
  }

  /**
   * Throws unless writes are possible.
   *
   * @throws IllegalStateException if the index is closed
   * @throws StoreFailedException if an earlier write failed (an I/O failure; other failures are {@code
   *     IllegalStateException}s)
   */
  void ensureWritable() {
    ensureOpen();
    Exception failed = failure;
    if (failed != null) {
      String message = "an earlier write to the BM25 index" + where(folder) + " failed (" + failed
          + "); close and reopen it";
      throw failed instanceof IOException ? new StoreFailedException(folder, message, failed)
          : new IllegalStateException(message, failed);
    }
  }

  /** Releases everything; idempotent. */
  @Override
  public void close() {
    writes.lock();
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      // Every write was committed already (in a folder) or is meant to vanish (in memory), so rolling back
      // loses nothing acknowledged and drops whatever a failed write left half-done.
      IOUtils.close(searchers, writer::rollback, directory, analyzer);
    } catch (IOException e) {
      throw new StorageException(folder, "cannot close the BM25 index" + where(folder), e);
    } finally {
      lifecycle.writeLock().unlock();
      writes.unlock();
    }
  }

  /** One change to the writer, then commit (in a folder) and refresh. Called holding {@link #writes}. */
  private void change(Change change) {
    try {
      change.apply(writer);
    } catch (IllegalArgumentException e) {
      throw e; // Lucene refused a document before changing anything: a block is added whole or not at all
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    }
    try {
      if (folder != null) {
        writer.commit();
      }
      searchers.maybeRefreshBlocking();
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    }
  }

  private RuntimeException broken(Exception e) {
    failure = e;
    String message = "a write to the BM25 index failed; it refuses writes until it is closed and reopened"
        + (folder == null ? "" : " (the folder keeps every write that returned)");
    return e instanceof IOException io ? new StoreFailedException(folder, message, io)
        : new IllegalStateException(message, e);
  }

  private static String where(Path folder) {
    return folder == null ? " in memory" : " in " + folder;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the BM25 index is closed");
    }
  }

  private static IllegalArgumentException tooManyClauses(IndexSearcher.TooManyClauses e) {
    return new IllegalArgumentException(
        "the query and filter together have more than " + IndexSearcher.getMaxClauseCount()
            + " clauses; use 'in' for long lists of values", e);
  }

  /** Work done with a searcher. */
  @FunctionalInterface
  interface Reader<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  @FunctionalInterface
  private interface Change {
    void apply(IndexWriter writer) throws IOException;
  }

  /** Gives every searcher the index's BM25 parameters. */
  private static final class SimilarSearchers extends SearcherFactory {
    private final BM25Similarity similarity;

    SimilarSearchers(BM25Similarity similarity) {
      this.similarity = similarity;
    }

    @Override
    public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setSimilarity(similarity);
      return searcher;
    }
  }
}
