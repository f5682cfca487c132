package dev.quarry.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quarry.api.FolderLockedException;
import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link EmbeddingModel} that remembers the vectors another model computed, so that re-ingesting unchanged
 * documents embeds nothing. An entry's key is the SHA-256 of the model identity, whether the text is a document or a
 * query (asymmetric models embed the two differently) and the text itself.
 *
 * <pre>{@code
 * try (CachingEmbeddingModel cached = CachingEmbeddingModel.builder(model, "bge-small-en-v1.5")
 *     .folder(storeFolder.resolve("embedding-cache"))   // optional: survive restarts
 *     .build()) {
 *   List<float[]> vectors = cached.embedDocuments(texts); // embeds only the texts it has not seen
 * }
 * }</pre>
 *
 * <p>The <b>model identity</b> names the model and everything that changes its vectors (a version, a revision,
 * a quantisation, a query prefix): give a new identity whenever the vectors would change, or old vectors come back.
 *
 * <p>Vectors are kept in memory, up to {@link Builder#maximumEntries} of them (least recently or frequently used go
 * first). With a {@link Builder#folder} they are also appended to the file {@code embeddings.qcache} there, which
 * holds one model's vectors and is locked by one open cache at a time; only its keys and record offsets stay on the
 * heap, and vectors evicted from memory are read back from it. Each call's new entries are written before it
 * returns, so they survive the JVM crashing; the file is forced to the disk by the first write a second or more
 * after the last force, and at {@link #close}, so a power loss costs the entries written since the last force,
 * which are embedded again. The next open cuts a torn tail and skips a damaged record, each with a warning. After
 * a disk failure the cache serves from memory and from what it can still read, and never fails a call the model
 * answered.
 *
 * <p>Thread-safe, meant to be shared. Texts asked for by several threads at the same time are embedded once: one
 * call embeds them and the others wait for its vectors. Each call to {@link #embedDocuments} makes at most one call
 * to the model, with the texts not cached (in order, each once), unless a concurrent call it waited for failed: then
 * it embeds that call's texts itself, in a second call. Every returned array is a fresh copy owned by the caller.
 */
public final class CachingEmbeddingModel implements EmbeddingModel, AutoCloseable {
  /** The most vectors kept in memory when {@link Builder#maximumEntries} is not set. */
  public static final long DEFAULT_MAXIMUM_ENTRIES = 100_000;

  private final EmbeddingModel model;
  private final String modelIdentity;
  private final int dimension;
  private final Path folder;
  private final CacheKeys keys;
  private final Cache<CacheKey, float[]> memory;
  private final DiskCache disk;
  private final EmbeddingLookup lookup;
  private final Object closeLock = new Object();
  private volatile boolean closed;

  private CachingEmbeddingModel(Builder builder, int dimension, DiskCache disk) {
    this.model = builder.model;
    this.modelIdentity = builder.modelIdentity;
    this.dimension = dimension;
    this.folder = builder.folder;
    this.keys = new CacheKeys(modelIdentity);
    // Maintenance on the calling thread: eviction is prompt and no common-pool task touches the cache.
    this.memory = Caffeine.newBuilder().maximumSize(builder.maximumEntries).executor(Runnable::run).build();
    this.disk = disk;
    this.lookup = new EmbeddingLookup(memory, disk, dimension,
        "embedding model '" + modelIdentity + "' (" + model.getClass().getName() + ")");
  }

  /**
   * Starts a builder for a cache in front of {@code model}, whose vectors are told apart from other models' by
   * {@code modelIdentity}.
   *
   * @param model the model that embeds what the cache does not hold
   * @param modelIdentity names the model and everything that changes its vectors, such as {@code
   *     "bge-small-en-v1.5@onnx-int8"}; at most 4096 bytes in UTF-8
   * @throws IllegalArgumentException if {@code model} is null, or {@code modelIdentity} is null, blank or too long
   */
  public static Builder builder(EmbeddingModel model, String modelIdentity) {
    return new Builder(model, modelIdentity);
  }

  /** The model's dimension, read once when the cache was built. */
  @Override
  public int dimension() {
    return dimension;
  }

  /**
   * Returns the vectors of {@code texts}, in order, embedding only those the cache does not hold, in one call to the
   * model (a text repeated in {@code texts} is embedded once).
   *
   * @throws IllegalArgumentException if {@code texts} is null or holds a null or blank string
   * @throws IllegalStateException if the cache is closed, or the model returns the wrong number of vectors or a
   *     vector of the wrong dimension
   */
  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    if (texts == null) {
      throw new IllegalArgumentException("texts must not be null");
    }
    List<String> batch = new ArrayList<>(texts);
    List<CacheKey> batchKeys = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      batchKeys.add(keys.key(TextKind.DOCUMENT, requireText(batch.get(i), "texts[" + i + "]")));
    }
    checkOpen();
    Map<CacheKey, float[]> vectors = lookup.find(batchKeys, batch, model::embedDocuments, true);
    List<float[]> copies = new ArrayList<>(batch.size());
    for (CacheKey key : batchKeys) {
      copies.add(vectors.get(key).clone());
    }
    return copies;
  }

  /**
   * Returns the vector of {@code query}, embedding it only if the cache does not hold it. Queries and documents are
   * cached apart, and queries only in memory: a user's questions are personal data, and an unbounded number of
   * them would grow the file without end.
   *
   * @throws IllegalArgumentException if {@code query} is null or blank
   * @throws IllegalStateException if the cache is closed, or the model returns a vector of the wrong dimension
   */
  @Override
  public float[] embedQuery(String query) {
    CacheKey key = keys.key(TextKind.QUERY, requireText(query, "query"));
    checkOpen();
    Map<CacheKey, float[]> vectors = lookup.find(List.of(key), List.of(query), texts -> {
      List<float[]> embedded = new ArrayList<>(texts.size());
      for (String text : texts) {
        embedded.add(model.embedQuery(text));
      }
      return embedded;
    }, false);
    return vectors.get(key).clone();
  }

  /** The model's token window, as the model reports it. */
  @Override
  public Optional<TokenWindow> tokenWindow() {
    return model.tokenWindow();
  }

  /** The identity the cache keys this model's vectors by. */
  public String modelIdentity() {
    return modelIdentity;
  }

  /** The cache's folder, or empty when it keeps vectors in memory only. */
  public Optional<Path> folder() {
    return Optional.ofNullable(folder);
  }

  /** Counts of hits and misses since the cache was built, and of the entries it holds now. Works after close too. */
  public EmbeddingCacheStats stats() {
    memory.cleanUp();
    return new EmbeddingCacheStats(lookup.hits(), lookup.misses(), memory.estimatedSize(),
        disk == null ? 0 : disk.size());
  }

  /**
   * Forces the folder's file to disk, closes it and releases the folder, and drops the vectors held in memory; a
   * second call does nothing. The wrapped model is not closed. Calls still running finish (embedding what they
   * cannot read), and later calls to embed throw {@link IllegalStateException}.
   *
   * @throws StorageException if the file cannot be forced or closed: the entries added since the last force may be
   *     lost, and would be embedded again
   */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      if (disk != null) {
        disk.close();
      }
    } finally {
      memory.invalidateAll();
    }
  }

  /** Names the identity, and the folder if there is one. */
  @Override
  public String toString() {
    return "CachingEmbeddingModel[" + modelIdentity + (folder == null ? "" : ", " + folder) + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the embedding cache for model '" + modelIdentity + "' is closed");
    }
  }

  private static String requireText(String text, String what) {
    if (text == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return text;
  }

  /** Configures a {@link CachingEmbeddingModel}; not thread-safe. */
  public static final class Builder {
    private final EmbeddingModel model;
    private final String modelIdentity;
    private long maximumEntries = DEFAULT_MAXIMUM_ENTRIES;
    private Path folder;

    private Builder(EmbeddingModel model, String modelIdentity) {
      if (model == null) {
        throw new IllegalArgumentException("model must not be null");
      }
      this.model = model;
      this.modelIdentity = requireText(modelIdentity, "modelIdentity");
      int length = modelIdentity.getBytes(StandardCharsets.UTF_8).length;
      if (length > CacheFileHeader.MAX_IDENTITY_BYTES) {
        throw new IllegalArgumentException("modelIdentity must be at most " + CacheFileHeader.MAX_IDENTITY_BYTES
            + " bytes in UTF-8, was " + length);
      }
    }

    /**
     * The most vectors kept in memory, at least 1; {@value CachingEmbeddingModel#DEFAULT_MAXIMUM_ENTRIES} if unset.
     * A 1024-d vector takes about 4 KiB. With a folder, vectors evicted from memory are read back from it; without
     * one they are embedded again.
     *
     * @throws IllegalArgumentException if {@code maximumEntries} is below 1
     */
    public Builder maximumEntries(long maximumEntries) {
      if (maximumEntries < 1) {
        throw new IllegalArgumentException("maximumEntries must be >= 1, was " + maximumEntries);
      }
      this.maximumEntries = maximumEntries;
      return this;
    }

    /**
     * Keeps the vectors in {@code folder} too (created if missing), so they survive restarts. The folder holds the
     * files {@code embeddings.qcache} and {@code embeddings.qcache.lock}, which may sit in a vector store's folder;
     * it can hold the vectors of one model identity only.
     *
     * @throws IllegalArgumentException if {@code folder} is null
     */
    public Builder folder(Path folder) {
      if (folder == null) {
        throw new IllegalArgumentException("folder must not be null");
      }
      this.folder = folder;
      return this;
    }

    /**
     * Builds the cache, opening its folder if one was set.
     *
     * @throws IllegalArgumentException if the model's dimension is not positive, or the folder caches the vectors of
     *     another model identity or dimension (the message names both)
     * @throws FolderLockedException if another open cache, in this process or another, holds the folder
     * @throws IndexCorruptedException if the folder's cache file is not one, is of a newer format, or has a damaged
     *     header
     * @throws StorageException if the folder or its files cannot be created, locked or read
     */
    public CachingEmbeddingModel build() {
      int dimension = model.dimension();
      if (dimension < 1 || dimension > RecordCodec.MAX_DIMENSION) {
        throw new IllegalArgumentException("model.dimension() must be between 1 and " + RecordCodec.MAX_DIMENSION
            + ", was " + dimension);
      }
      DiskCache disk = folder == null ? null : DiskCache.open(folder, new CacheFileHeader(modelIdentity, dimension));
      return new CachingEmbeddingModel(this, dimension, disk);
    }
  }
}
