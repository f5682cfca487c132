package dev.quarry.rag.ingest;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.loader.FolderLoader;
import dev.quarry.rag.loader.IngestReport;
import dev.quarry.rag.splitter.DocumentSplitter;
import dev.quarry.rag.splitter.RecursiveCharacterSplitter;
import dev.quarry.rag.splitter.TokenSplitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first half of the data path: load documents, split them into chunks, embed the chunks in batches and upsert
 * them into a vector store.
 *
 * <pre>{@code
 * Ingestor ingestor = Ingestor.builder(embeddingModel, store).build();
 * IngestResult result = ingestor.ingest(FolderLoader.builder(Path.of("docs")).build());
 * }</pre>
 *
 * <p>Chunks are named {@code documentId#index}, and their metadata gains {@value #DOCUMENT_ID} and {@value
 * DocumentSplitter#CHUNK_INDEX}, whatever the splitter wrote, so a document's chunks can be found, filtered and
 * replaced. Ingesting a document again replaces its chunks: new ones are stored first, then chunks past the new count
 * are deleted, so a failure half-way never leaves a document with fewer chunks than before.
 *
 * <p>Each chunk's metadata also gains {@value #CONTENT_HASH}, a hash of its text. Re-ingesting a document embeds
 * only the chunks whose text the store does not already hold under the same id: an unchanged file costs a lookup,
 * not an embedding, and an edited one re-embeds the chunks that changed (a chunk whose text is the same but whose
 * metadata changed, such as a file's modification time, keeps its stored vector). This assumes a store is filled
 * by one embedding model, as {@code Quarry} makes sure.
 *
 * <p>When the splitter has a {@linkplain DocumentSplitter#fingerprint() fingerprint} (Quarry's do), each chunk also
 * records {@value #DOCUMENT_HASH}, a hash of its document's id, text and metadata and of that fingerprint, and
 * {@value #DOCUMENT_CHUNKS}, how many chunks the document has. A re-ingested document whose hash matches, with all
 * its chunks stored, is neither cut nor embedded again: it costs two lookups. A changed splitter setting, tokenizer,
 * text or metadata changes the hash, and the document goes the way above.
 *
 * <p>Thread-safe if the model and store are: a run keeps its state on the calling thread's stack.
 */
public final class Ingestor {
  /** Chunks embedded per call to the embedding model, by default. */
  public static final int DEFAULT_BATCH_SIZE = 256;
  /** Metadata key holding the chunk's document id. */
  public static final String DOCUMENT_ID = "document_id";
  /** Metadata key holding a hash of the chunk's text, by which a re-ingest knows the chunk is already embedded. */
  public static final String CONTENT_HASH = "content_hash";
  /**
   * Metadata key holding a hash of the chunk's document (id, text, metadata) and of the splitter's fingerprint, by
   * which a re-ingest knows the document would be cut into the chunks already stored.
   */
  public static final String DOCUMENT_HASH = "document_hash";
  /** Metadata key holding how many chunks the chunk's document was cut into, stored with {@value #DOCUMENT_HASH}. */
  public static final String DOCUMENT_CHUNKS = "document_chunks";

  private final EmbeddingModel model;
  private final VectorStore store;
  private final DocumentSplitter splitter;
  private final int batchSize;
  private final IngestListener listener;

  private Ingestor(Builder b) {
    this.model = b.model;
    this.store = b.store;
    this.splitter = b.splitter;
    this.batchSize = b.batchSize;
    this.listener = b.listener;
  }

  /**
   * The splitter an ingestor uses unless told otherwise. For a model that knows its {@link
   * EmbeddingModel#tokenWindow() token window}, a {@link TokenSplitter} on the model's own tokenizer whose chunks
   * fit the window (at most {@value TokenSplitter#DEFAULT_CHUNK_SIZE} tokens, an eighth of them shared with the
   * next chunk), so nothing is truncated before it is embedded: 254 tokens for all-MiniLM-L6-v2. For other models,
   * a {@link RecursiveCharacterSplitter} with its defaults.
   */
  public static DocumentSplitter defaultSplitter(EmbeddingModel model) {
    if (model == null) {
      throw new IllegalArgumentException("embedding model must not be null");
    }
    return model.tokenWindow()
        .<DocumentSplitter>map(window -> {
          int size = Math.min(window.maxTokens(), TokenSplitter.DEFAULT_CHUNK_SIZE);
          return TokenSplitter.builder(window.tokenizer()).chunkSize(size).chunkOverlap(size / 8).build();
        })
        .orElseGet(() -> RecursiveCharacterSplitter.builder().build());
  }

  /** Starts an ingestor that embeds with {@code model} into {@code store}. */
  public static Builder builder(EmbeddingModel model, VectorStore store) {
    if (model == null || store == null) {
      throw new IllegalArgumentException("embedding model and vector store must not be null");
    }
    if (model.dimension() != store.dimension()) {
      throw new IllegalArgumentException(
          "the model makes " + model.dimension() + "-d vectors but the store holds " + store.dimension() + "-d ones");
    }
    return new Builder(model, store);
  }

  /** Loads, splits, embeds and stores every file the folder loader selects; failed files are in the report. */
  public IngestResult ingest(FolderLoader folder) {
    if (folder == null) {
      throw new IllegalArgumentException("folder loader must not be null");
    }
    return told(() -> {
      long start = System.nanoTime();
      listener.onStart(folder.countFiles());
      Run run = new Run();
      IngestReport report = folder.load(run::add, listener::onFailure);
      run.finish();
      return run.result(report, start);
    });
  }

  /**
   * Splits, embeds and stores documents that are already loaded.
   *
   * @throws IllegalArgumentException if {@code documents} is null, holds null, or holds one id twice (checked
   *     before anything is stored)
   */
  public IngestResult ingest(List<Document> documents) {
    if (documents == null) {
      throw new IllegalArgumentException("documents must not be null");
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < documents.size(); i++) {
      Document document = documents.get(i);
      if (document == null) {
        throw new IllegalArgumentException("document at index " + i + " is null");
      }
      if (!ids.add(document.id())) {
        throw new IllegalArgumentException("document id '" + document.id() + "' appears twice (index " + i + ")");
      }
    }
    return told(() -> {
      long start = System.nanoTime();
      listener.onStart(documents.size());
      Run run = new Run();
      long bytes = 0;
      for (Document document : documents) {
        run.add(document);
        bytes += document.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      }
      run.finish();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return run.result(new IngestReport(documents.size(), bytes, List.of(), 0, 0, elapsed), start);
    });
  }

  /** Runs one ingest and tells the listener how it ended. */
  private IngestResult told(java.util.function.Supplier<IngestResult> ingest) {
    IngestResult result;
    try {
      result = ingest.get();
    } catch (RuntimeException e) {
      try {
        listener.onError(e);
      } catch (RuntimeException listenerFailure) {
        e.addSuppressed(listenerFailure); // the run's failure is what the caller must see
      }
      throw e;
    }
    listener.onFinish(result);
    return result;
  }

  /** One run's buffer of chunks waiting for the embedding model. */
  private final class Run {
    private final List<Chunk> pending = new ArrayList<>();
    private final List<VectorRecord> refreshed = new ArrayList<>();
    private final List<Document> pendingDocuments = new ArrayList<>();
    private final List<Integer> pendingCounts = new ArrayList<>();
    private long stored;
    private long unchanged;
    private long stale;

    void add(Document document) {
      Optional<String> documentHash = splitter.fingerprint().map(print -> ContentHash.ofDocument(print, document));
      Optional<Integer> stored = documentHash.flatMap(hash -> storedChunks(document, hash));
      if (stored.isPresent()) { // cut into these very chunks before, all of them stored
        unchanged += stored.get();
        listener.onDocument(document, 0);
        pendingDocuments.add(document);
        pendingCounts.add(stored.get());
        return;
      }
      List<Chunk> split = splitter.split(document);
      List<Chunk> chunks = new ArrayList<>(split.size());
      // Ids and indexes are the Ingestor's own, whatever the splitter wrote, so replacing a document's chunks
      // (and deleting the ones past the new count) is exact.
      for (Chunk chunk : split) {
        int index = chunks.size();
        Metadata metadata = chunk.metadata().with(DOCUMENT_ID, document.id())
            .with(DocumentSplitter.CHUNK_INDEX, index).with(CONTENT_HASH, ContentHash.of(chunk.text()));
        if (documentHash.isPresent()) {
          metadata = metadata.with(DOCUMENT_HASH, documentHash.get()).with(DOCUMENT_CHUNKS, split.size());
        }
        chunks.add(new Chunk(document.id() + "#" + index, document.id(), chunk.text(), metadata,
            chunk.startOffset(), chunk.endOffset()));
      }
      Map<String, VectorRecord> before = new HashMap<>();
      for (VectorRecord record : store.get(chunks.stream().map(Chunk::id).toList())) {
        before.put(record.id(), record);
      }
      List<Chunk> toEmbed = new ArrayList<>();
      for (Chunk chunk : chunks) {
        VectorRecord old = before.get(chunk.id());
        if (old == null || !sameContent(old.chunk(), chunk)) {
          toEmbed.add(chunk);
          continue;
        }
        unchanged++;
        if (!old.chunk().equals(chunk)) { // same text, new metadata or offsets: the vector still holds
          refreshed.add(new VectorRecord(chunk, old.vector()));
        }
      }
      listener.onDocument(document, toEmbed.size());
      pending.addAll(toEmbed);
      pendingDocuments.add(document);
      pendingCounts.add(chunks.size());
      if (pending.size() + refreshed.size() >= batchSize) {
        flush();
      }
    }

    void finish() {
      flush();
    }

    /**
     * How many chunks {@code document} has in the store, if every one of them carries {@code hash}: the first chunk
     * says how many there are, and all of them must be there (a store that lost some, or a keyword index behind its
     * vector store, sends the document the long way, which repairs it). A count the document's text could not
     * yield (more chunks than chars) is not believed.
     */
    private Optional<Integer> storedChunks(Document document, String hash) {
      List<VectorRecord> first = store.get(List.of(document.id() + "#0"));
      Optional<Long> count = first.isEmpty() ? Optional.empty()
          : first.get(0).chunk().metadata().getString(DOCUMENT_HASH).filter(hash::equals)
              .flatMap(h -> first.get(0).chunk().metadata().getLong(DOCUMENT_CHUNKS));
      if (count.isEmpty() || count.get() < 1 || count.get() > document.text().length()) {
        return Optional.empty();
      }
      int chunks = count.get().intValue();
      for (int from = 1; from < chunks; from += batchSize) { // chunk 0 is checked
        List<String> ids = new ArrayList<>();
        for (int i = from; i < Math.min(chunks, from + batchSize); i++) {
          ids.add(document.id() + "#" + i);
        }
        List<VectorRecord> batch = store.get(ids);
        if (batch.size() != ids.size() || !batch.stream()
            .allMatch(r -> hash.equals(r.chunk().metadata().getString(DOCUMENT_HASH).orElse(null)))) {
          return Optional.empty();
        }
      }
      return Optional.of(chunks);
    }

    /**
     * Stores the chunks whose vectors are kept, embeds and stores the pending ones, then removes what finished
     * documents no longer have.
     */
    private void flush() {
      for (int from = 0; from < refreshed.size(); from += batchSize) {
        store.upsert(refreshed.subList(from, Math.min(refreshed.size(), from + batchSize)));
      }
      for (int from = 0; from < pending.size(); from += batchSize) {
        List<Chunk> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
        List<float[]> vectors = model.embedDocuments(batch.stream().map(Chunk::text).toList());
        List<VectorRecord> records = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          records.add(new VectorRecord(batch.get(i), vectors.get(i)));
        }
        store.upsert(records);
        stored += batch.size();
        listener.onStored(batch.size(), stored);
      }
      for (int i = 0; i < pendingDocuments.size(); i++) {
        stale +=
            store.deleteWhere(
                Filter.and(
                    Filter.eq(DOCUMENT_ID, pendingDocuments.get(i).id()),
                    Filter.gte(DocumentSplitter.CHUNK_INDEX, pendingCounts.get(i))));
      }
      pending.clear();
      refreshed.clear();
      pendingDocuments.clear();
      pendingCounts.clear();
    }

    IngestResult result(IngestReport report, long startNanos) {
      return new IngestResult(report, stored, unchanged, stale, Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }

  /** Whether a stored chunk holds the text {@code chunk} would be embedded from, by its content hash. */
  private static boolean sameContent(Chunk stored, Chunk chunk) {
    return chunk.metadata().get(CONTENT_HASH).equals(stored.metadata().get(CONTENT_HASH))
        && chunk.text().equals(stored.text());
  }

  /** Options of an {@link Ingestor}. Not thread-safe. */
  public static final class Builder {
    private final EmbeddingModel model;
    private final VectorStore store;
    private DocumentSplitter splitter;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private IngestListener listener = IngestListener.NONE;

    private Builder(EmbeddingModel model, VectorStore store) {
      this.model = model;
      this.store = store;
    }

    /** How documents become chunks; {@link Ingestor#defaultSplitter(EmbeddingModel)} unless set. */
    public Builder splitter(DocumentSplitter splitter) {
      if (splitter == null) {
        throw new IllegalArgumentException("splitter must not be null");
      }
      this.splitter = splitter;
      return this;
    }

    /** Chunks per embedding call; default {@value #DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Receives progress events. */
    public Builder listener(IngestListener listener) {
      if (listener == null) {
        throw new IllegalArgumentException("listener must not be null");
      }
      this.listener = listener;
      return this;
    }

    public Ingestor build() {
      if (splitter == null) {
        splitter = defaultSplitter(model);
      }
      return new Ingestor(this);
    }
  }
}
