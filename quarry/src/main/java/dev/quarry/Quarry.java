package dev.quarry;

import static dev.quarry.api.internal.Checks.requireNonNull;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.document.Document;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import dev.quarry.api.memory.ChatMemory;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.VectorStore;
import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.observation.ObservedEmbeddingModel;
import dev.quarry.observation.ObservedRetriever;
import dev.quarry.observation.ObservedVectorStore;
import dev.quarry.rag.bm25.Bm25Analyzer;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.budget.ContextBudget;
import dev.quarry.rag.ingest.IngestListener;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.loader.FolderLoader;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerCache;
import dev.quarry.rag.pipeline.AnswerMode;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.Fusion;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.rag.splitter.DocumentSplitter;
import dev.quarry.rag.splitter.TokenSplitter;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IndexOptions;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The embedded default stack in one object: an ONNX embedding model (bge-small-en-v1.5, bundled), a vector store
 * (HNSW, persisted crash-safely when given a folder) and a BM25 keyword index kept in step with it, hybrid
 * retrieval, and the RAG pipeline that answers with citations.
 *
 * <pre>{@code
 * try (Quarry quarry = Quarry.open(Path.of(".quarry"))) {
 *   quarry.ingest(Path.of("docs"));
 *   Answer answer = quarry.ask("How is the store kept safe on disk?");
 *   System.out.println(answer.text());
 * }
 * }</pre>
 *
 * <p>A folder remembers which embedding model filled it ({@code quarry.properties}): opened without naming a
 * model, it uses that one; opened with another, it is refused, because vectors of two models cannot be compared.
 * Chunks are sized to the model's token window, so nothing is cut off before it is embedded. Unless an {@link
 * AnswerMode} with a chat model is set, {@link #ask} answers extractively (the best-matching sentences, copied and
 * cited), and says so when nothing relevant was found.
 *
 * <p>With an {@link Builder#observationRegistry ObservationRegistry}, every embedding call, store operation,
 * retrieval (each leg and the fusion), context packing and answer is observed ({@code dev.quarry.observation});
 * wrap a chat model in an {@code ObservedChatModel} to observe its calls too.
 *
 * <p>Thread-safe: ingests, searches and questions may run on any number of threads. {@link #close()} closes the
 * indexes and the embedding model Quarry made (not one given to the builder).
 */
public final class Quarry implements AutoCloseable {
  /**
   * How hybrid retrieval merges the dense and keyword lists unless set: {@link Fusion#adaptive()}, z-scores weighted
   * per query by how sharply each list picks out its top hit. On five collections nobody tuned for ({@code bench/run
   * retrieval-matrix}, {@code docs/evaluation.md}) it never fell below the better list alone, where equal fixed
   * weights (the default before) fell 0.04-0.06 below the dense list on web passages. With a store whose dense
   * scores are not cosine similarities it weighs the dense list about 0.73.
   */
  public static final Fusion DEFAULT_FUSION = Fusion.adaptive();

  /**
   * The model a new store embeds with unless another is given: bge-small-en-v1.5. On the four English collections
   * of {@code bench/run retrieval-matrix} its hybrid scored 0.012-0.051 nDCG@10 above all-MiniLM-L6-v2's, for about
   * twice the embedding time ({@code bench/run encoders}; {@code docs/evaluation.md}). A folder keeps the model
   * that filled it, so folders filled under the earlier default (MiniLM) reopen with MiniLM; {@link
   * EmbeddingPreset#ALL_MINILM_L6_V2} is one {@link Builder#embeddings(EmbeddingPreset)} away.
   */
  public static final EmbeddingPreset DEFAULT_MODEL = EmbeddingPreset.BGE_SMALL_EN_V15;

  /** Counts tokens for models without a {@link TokenWindow}: one per three chars. */
  static final TokenCounter ESTIMATED_TOKENS = Quarry::estimatedTokens;

  private final Optional<Path> folder;
  private final String modelId;
  private final EmbeddingModel model;
  private final Optional<AutoCloseable> ownedModel;
  private final VectorStore vectors;
  private final boolean ownsVectors;
  private final Bm25Index keywords;
  private final VectorStore writer;
  private final Ingestor ingestor;
  private final RetrievalMode retrievalMode;
  private final Retriever searcher;
  private final Fusion fusion;
  private final int depth;
  private final Rag rag;
  private final ObservationRegistry observations;
  /** The embedding model and store as the indexes and retrievers see them: observed, when observations are on. */
  private final EmbeddingModel observedModel;
  private final VectorStore observedVectors;

  private Quarry(Builder b, EmbeddingChoice model, DocumentSplitter splitter, VectorStore vectors,
      Bm25Index keywords) {
    this.folder = Optional.ofNullable(b.folder);
    this.modelId = model.id();
    this.model = model.model();
    this.ownedModel = model.owned();
    this.vectors = vectors;
    this.ownsVectors = b.vectorStore == null || b.ownsGivenStore;
    this.keywords = keywords;
    this.observations = b.observations;
    String provider = model.owned().isPresent() ? "onnx" : "custom"; // a preset Quarry loaded, or a given model
    this.observedModel = observations.isNoop() ? this.model
        : ObservedEmbeddingModel.of(this.model, observations, provider, modelId);
    this.observedVectors =
        observations.isNoop() ? vectors : ObservedVectorStore.of(vectors, observations, storeSystem(vectors));
    VectorStore synced = keywords.syncing(observedVectors);
    this.writer = b.answerCache == null ? synced : new ClearingVectorStore(synced, b.answerCache);
    this.ingestor = Ingestor.builder(observedModel, writer).listener(b.ingestListener).splitter(splitter).build();
    this.retrievalMode = b.retrievalMode;
    this.fusion = b.fusion;
    this.depth = b.depth;
    this.searcher = retriever(retrievalMode);
    Rag.Builder rag = Rag.builder(searcher).maxResults(b.maxResults)
        .budget(ContextBudget.builder(tokenCounter(this.model), b.maxContextTokens).build())
        .answerMode(b.answerMode != null ? b.answerMode
            : AnswerMode.extractive(this.model).withMinScore(model.extractiveMinScore()))
        .observationRegistry(observations);
    if (b.answerCache != null) {
      rag.answerCache(b.answerCache);
    }
    this.rag = rag.build();
  }

  /**
   * A Quarry on {@code folder} with every default: the folder's model ({@link #DEFAULT_MODEL} for a new folder),
   * HNSW, hybrid retrieval, extractive answers. Creates the folder if it does not exist.
   *
   * @throws FolderLockedException if another process has the folder open
   * @throws IllegalArgumentException if the folder was filled by a model that is not a bundled preset
   */
  public static Quarry open(Path folder) {
    return builder().folder(folder).build();
  }

  /** A Quarry in memory with every default: nothing is written to disk, and all is lost on {@link #close()}. */
  public static Quarry inMemory() {
    return builder().build();
  }

  /**
   * Whether {@code folder} holds a Quarry's data, so that {@link #open} would open it rather than start an empty
   * one: for tools that should not create a folder by mistake (a search in the wrong directory).
   *
   * @throws IllegalArgumentException if {@code folder} is null
   */
  public static boolean exists(Path folder) {
    if (folder == null) {
      throw new IllegalArgumentException("folder must not be null");
    }
    return new QuarryFolder(folder).hasStore();
  }

  /** Starts a Quarry in memory, or on a folder with {@link Builder#folder}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads, splits, embeds and stores every file under {@code path} (a folder, walked in sorted order; text,
   * Markdown, HTML, and PDF when {@code org.apache.pdfbox:pdfbox} is on the class path). Files that fail are in
   * the result's report; the rest are stored. Re-ingesting a file replaces its chunks.
   *
   * @throws IllegalArgumentException if {@code path} is null or not a folder
   */
  public IngestResult ingest(Path path) {
    if (path == null) {
      throw new IllegalArgumentException("path must not be null");
    }
    return ingest(FolderLoader.builder(path).build());
  }

  /** Ingests what {@code folder} selects (include and exclude globs, size limits, loaders). */
  public IngestResult ingest(FolderLoader folder) {
    if (folder == null) {
      throw new IllegalArgumentException("folder loader must not be null");
    }
    return ingestor.ingest(folder);
  }

  /**
   * Ingests documents that are already loaded.
   *
   * @throws IllegalArgumentException if {@code documents} is null, holds null or one id twice
   */
  public IngestResult ingest(List<Document> documents) {
    return ingestor.ingest(documents);
  }

  /** The retriever of {@code mode} over this Quarry's indexes, for composing with other retrievers. */
  public Retriever retriever(RetrievalMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("retrieval mode must not be null");
    }
    return switch (mode) {
      case DENSE -> observed(leg(mode), "dense");
      case KEYWORD -> observed(leg(mode), "keyword");
      case HYBRID -> HybridRetriever.builder(leg(RetrievalMode.DENSE), leg(RetrievalMode.KEYWORD))
          .fusion(fusion).depth(Math.max(depth, 1)).observationRegistry(observations).build();
    };
  }

  /** The dense or keyword retriever, unobserved itself (a hybrid observes its legs). */
  private Retriever leg(RetrievalMode mode) {
    return mode == RetrievalMode.DENSE
        ? DenseRetriever.builder(observedModel, observedVectors).build()
        : Bm25Retriever.builder(keywords).build();
  }

  /**
   * The {@code db.system.name} of a store: {@code quarry} for the embedded one, the server's name for Quarry's
   * adapters (told apart by class name, since this module does not depend on them), {@code other} for the rest.
   */
  private static String storeSystem(VectorStore store) {
    if (store instanceof EmbeddedVectorStore) {
      return "quarry";
    }
    return switch (store.getClass().getName()) {
      case "dev.quarry.vectorstore.pgvector.PgVectorStore" -> "postgresql";
      case "dev.quarry.vectorstore.chroma.ChromaVectorStore" -> "chroma";
      case "dev.quarry.vectorstore.qdrant.QdrantVectorStore" -> "qdrant";
      case "dev.quarry.vectorstore.milvus.MilvusVectorStore" -> "milvus";
      default -> "other";
    };
  }

  private Retriever observed(Retriever retriever, String kind) {
    return observations.isNoop() ? retriever : ObservedRetriever.of(retriever, observations, kind);
  }

  /** The chunks that best answer {@code question} by the configured mode, best first. */
  public List<SearchHit> search(String question) {
    return search(Query.of(question));
  }

  /** The chunks for {@code query} (its count, filter and search options) by the configured mode, best first. */
  public List<SearchHit> search(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    return searcher.retrieve(query);
  }

  /** Answers {@code question} from the stored chunks, citing them. */
  public Answer ask(String question) {
    return rag.ask(question);
  }

  /** Answers {@code query} (its count and filter) from the stored chunks, citing them. */
  public Answer ask(Query query) {
    return rag.ask(query);
  }

  /**
   * Answers {@code question} as the next turn of the conversation {@code memory} holds, and records both in it.
   * With a chat model a follow-up question is first rewritten into a standalone one; the history is sent with
   * the context, within the token limit. See {@link Rag}.
   */
  public Answer ask(String question, ChatMemory memory) {
    return rag.ask(question, memory);
  }

  /**
   * The vector store, kept in step with the keyword index: records written here reach both. For records whose
   * vectors were made elsewhere by the same model, and for bridges that want a {@link VectorStore}.
   */
  public VectorStore store() {
    return writer;
  }

  /** The embedding model that fills and searches the store. */
  public EmbeddingModel embeddingModel() {
    return model;
  }

  /** The id the folder records for the embedding model: a preset's name, or the id given with the model. */
  public String modelId() {
    return modelId;
  }

  /** The folder, unless this Quarry is in memory. */
  public Optional<Path> folder() {
    return folder;
  }

  /** The number of chunks stored. */
  public long count() {
    return vectors.count();
  }

  /**
   * Why keyword search would not see every chunk, if it would not: a keyword index holding fewer chunks than the
   * vector store (chunks stored before keyword indexing existed, or a write that failed half-way). Ingesting the
   * same files again closes the gap.
   */
  public Optional<String> keywordGap() {
    long indexed = keywords.count();
    long stored = vectors.count();
    return indexed == stored
        ? Optional.empty()
        : Optional.of("the keyword index holds " + indexed + " of the store's " + stored + " chunks");
  }

  /** Closes the keyword index, and the vector store and the embedding model Quarry made (not those given to it). */
  @Override
  public void close() {
    try (AutoCloseable modelToClose = ownedModel.orElse(() -> {});
        AutoCloseable v = ownsVectors && vectors instanceof AutoCloseable c ? c : () -> {};
        Bm25Index k = keywords) {
      // closed in reverse order: keywords, vectors, model
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing the embedding model failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Quarry[" + folder.map(Path::toString).orElse("in memory") + ", model=" + modelId + ", " + retrievalMode
        + ", chunks=" + vectors.count() + "]";
  }

  private static TokenCounter tokenCounter(EmbeddingModel model) {
    return model.tokenWindow().<TokenCounter>map(TokenWindow::tokenizer).orElse(ESTIMATED_TOKENS);
  }

  /** One token per three chars, on the safe side for English, for models that do not say how they count. */
  private static int estimatedTokens(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    return (text.length() + 2) / 3;
  }

  /** Options of a {@link Quarry}. Not thread-safe. */
  public static final class Builder {
    /** Chunks {@link Quarry#ask} retrieves unless set. */
    public static final int DEFAULT_MAX_RESULTS = 8;
    /** The token limit of a question's prompt and answer unless set, counted with the model's tokenizer. */
    public static final int DEFAULT_MAX_CONTEXT_TOKENS = 3_000;
    /** Hits asked of each leg of hybrid retrieval unless set. */
    public static final int DEFAULT_DEPTH = HybridRetriever.DEFAULT_DEPTH;

    private Path folder;
    private java.util.function.IntFunction<? extends VectorStore> vectorStore;
    private boolean ownsGivenStore;
    private EmbeddingPreset preset;
    private EmbeddingModel customModel;
    private String customModelId;
    private IndexOptions index = IndexOptions.hnsw();
    private Bm25Analyzer analyzer = Bm25Analyzer.ENGLISH;
    private DocumentSplitter splitter;
    private Integer chunkSize;
    private Integer chunkOverlap;
    private IngestListener ingestListener = IngestListener.NONE;
    private RetrievalMode retrievalMode = RetrievalMode.HYBRID;
    private Fusion fusion = DEFAULT_FUSION;
    private int depth = DEFAULT_DEPTH;
    private AnswerMode answerMode;
    private int maxResults = DEFAULT_MAX_RESULTS;
    private int maxContextTokens = DEFAULT_MAX_CONTEXT_TOKENS;
    private ObservationRegistry observations = ObservationRegistry.NOOP;
    private AnswerCache answerCache;

    private Builder() {}

    /** Keep the data in {@code folder} (created if missing); in memory unless set. */
    public Builder folder(Path folder) {
      this.folder = requireNonNull(folder, "folder");
      return this;
    }

    /**
     * Keep the vectors in {@code store} (a server adapter such as pgvector, Qdrant, Milvus or Chroma) instead of
     * the embedded store; the keyword index and the record of the model stay in the {@link #folder} (or memory).
     * The caller keeps ownership: {@link Quarry#close()} leaves the store open. Its dimension must be the model's,
     * and a store filled by another model must not be given: only the folder records which model filled it.
     */
    public Builder vectorStore(VectorStore store) {
      requireNonNull(store, "vector store");
      this.vectorStore = dimension -> store;
      this.ownsGivenStore = false;
      return this;
    }

    /**
     * As {@link #vectorStore(VectorStore)}, with a store {@code factory} makes for the embedding model's dimension
     * once the model is known (from {@link #embeddings} or the folder's record). Quarry owns that store: {@link
     * Quarry#close()} closes it if it is {@link AutoCloseable}.
     */
    public Builder vectorStore(java.util.function.IntFunction<? extends VectorStore> factory) {
      this.vectorStore = requireNonNull(factory, "vector store factory");
      this.ownsGivenStore = true;
      return this;
    }

    /**
     * Embed with a bundled preset. Unless set: the model a folder records; for a folder whose store predates
     * model records, {@link EmbeddingPreset#ALL_MINILM_L6_V2}; else {@link Quarry#DEFAULT_MODEL}.
     * {@link EmbeddingPreset#BGE_SMALL_EN_V15} and {@link EmbeddingPreset#ALL_MINILM_L6_V2} come with this
     * artifact; {@link EmbeddingPreset#BGE_SMALL_ZH_V15} needs {@code langchain4j-embeddings-bge-small-zh-v15-q}
     * on the class path.
     */
    public Builder embeddings(EmbeddingPreset preset) {
      this.preset = requireNonNull(preset, "embedding preset");
      this.customModel = null;
      this.customModelId = null;
      return this;
    }

    /**
     * Embed with {@code model}, recorded in the folder as {@code modelId} (any stable name: a folder filled under
     * one id refuses another). The caller keeps ownership: {@link Quarry#close()} does not close it.
     */
    public Builder embeddings(EmbeddingModel model, String modelId) {
      this.customModel = requireNonNull(model, "embedding model");
      if (modelId == null || modelId.isBlank()) {
        throw new IllegalArgumentException("modelId must not be null or blank");
      }
      this.customModelId = modelId.strip();
      this.preset = null;
      return this;
    }

    /** The vector index: {@link IndexOptions#hnsw()} unless set; {@code ivf()} or {@code exact()} otherwise. */
    public Builder index(IndexOptions index) {
      this.index = requireNonNull(index, "index options");
      return this;
    }

    /** How keyword search analyses text: {@link Bm25Analyzer#ENGLISH} unless set. */
    public Builder analyzer(Bm25Analyzer analyzer) {
      this.analyzer = requireNonNull(analyzer, "analyzer");
      return this;
    }

    /**
     * How documents become chunks: unless set, {@link Ingestor#defaultSplitter} (sized to the model's window), or
     * a {@link TokenSplitter} on the model's tokenizer when {@link #chunkSize} is set. Replaces the chunk size.
     */
    public Builder splitter(DocumentSplitter splitter) {
      this.splitter = requireNonNull(splitter, "splitter");
      this.chunkSize = null;
      this.chunkOverlap = null;
      return this;
    }

    /**
     * Chunks of at most {@code tokens} tokens of the embedding model's own tokenizer. The model must say how many
     * tokens it reads ({@link EmbeddingModel#tokenWindow()}), and {@code tokens} must fit: {@link #build()} refuses
     * a size the model would cut short. Replaces a {@link #splitter}.
     */
    public Builder chunkSize(int tokens) {
      if (tokens < 1) {
        throw new IllegalArgumentException("chunkSize must be >= 1, was " + tokens);
      }
      this.chunkSize = tokens;
      this.splitter = null;
      return this;
    }

    /** Tokens two neighbouring chunks share, with {@link #chunkSize}; an eighth of the chunk size unless set. */
    public Builder chunkOverlap(int tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("chunkOverlap must be >= 0, was " + tokens);
      }
      this.chunkOverlap = tokens;
      this.splitter = null;
      return this;
    }

    /** Hears the progress of every ingest (files, chunks embedded); none unless set. */
    public Builder ingestListener(IngestListener listener) {
      this.ingestListener = requireNonNull(listener, "ingest listener");
      return this;
    }

    /** How {@link Quarry#search} and {@link Quarry#ask} retrieve: {@link RetrievalMode#HYBRID} unless set. */
    public Builder retrieval(RetrievalMode mode) {
      this.retrievalMode = requireNonNull(mode, "retrieval mode");
      return this;
    }

    /** How hybrid retrieval fuses its two lists: {@link Quarry#DEFAULT_FUSION} unless set. */
    public Builder fusion(Fusion fusion) {
      this.fusion = requireNonNull(fusion, "fusion");
      return this;
    }

    /** Hits asked of each leg of hybrid retrieval; {@value #DEFAULT_DEPTH} unless set. */
    public Builder depth(int depth) {
      if (depth < 1) {
        throw new IllegalArgumentException("depth must be >= 1, was " + depth);
      }
      this.depth = depth;
      return this;
    }

    /**
     * How {@link Quarry#ask} answers: {@code AnswerMode.chat(chatModel)} to have a model write answers, {@code
     * twoStage(chatModel)}, or extractive. Unless set, extractive with the embedding model scoring sentences:
     * the best-matching sentences are copied and cited, and a question nothing stored answers gets {@link
     * Rag#NOTHING_FOUND}. The similarity a sentence needs depends on the model: 0.60 with bge-small-en-v1.5,
     * whose cosines run higher, and {@value AnswerMode.Extractive#DEFAULT_MIN_SIMILARITY} with the others.
     */
    public Builder answerMode(AnswerMode answerMode) {
      this.answerMode = requireNonNull(answerMode, "answer mode");
      return this;
    }

    /** Chunks {@link Quarry#ask(String)} retrieves; {@value #DEFAULT_MAX_RESULTS} unless set. */
    public Builder maxResults(int maxResults) {
      if (maxResults < 1) {
        throw new IllegalArgumentException("maxResults must be >= 1, was " + maxResults);
      }
      this.maxResults = maxResults;
      return this;
    }

    /**
     * The token limit of a question's prompt (passages, question, instructions) plus its answer, counted with the
     * embedding model's tokenizer; {@value #DEFAULT_MAX_CONTEXT_TOKENS} unless set.
     */
    public Builder maxContextTokens(int maxContextTokens) {
      if (maxContextTokens < 1) {
        throw new IllegalArgumentException("maxContextTokens must be >= 1, was " + maxContextTokens);
      }
      this.maxContextTokens = maxContextTokens;
      return this;
    }

    /**
     * Where embedding calls, store operations, retrievals, context packing and answers are observed; see the class
     * comment. None ({@link ObservationRegistry#NOOP}) unless set.
     */
    public Builder observationRegistry(ObservationRegistry observations) {
      this.observations = requireNonNull(observations, "observation registry");
      return this;
    }

    /**
     * Answers questions asked again from {@code cache} (say, a {@code CaffeineAnswerCache} of {@code
     * quarry-cache}), which every write to the store empties: an ingest, or a write through {@link Quarry#store()}.
     * None unless set.
     */
    public Builder answerCache(AnswerCache cache) {
      this.answerCache = requireNonNull(cache, "answer cache");
      return this;
    }

    /**
     * Opens the folder (or memory), the embedding model and both indexes.
     *
     * @throws IllegalArgumentException if the folder was filled by another model than the one set, or by one
     *     that is not a preset while none was given
     * @throws FolderLockedException naming the folder, if another process has it open
     * @throws dev.quarry.api.IndexCorruptedException if the folder's files are damaged
     */
    public Quarry build() {
      QuarryFolder layout = folder == null ? null : new QuarryFolder(folder);
      // A first look, to choose the model; settleModel has the final word once the folder is locked. A store
      // without a manifest most likely predates it, and holds the first default model's vectors.
      Optional<String> recorded = layout == null ? Optional.empty() : layout.manifestModel();
      EmbeddingPreset unrecorded = layout != null && layout.hasStore()
          ? EmbeddingPreset.valueOf(QuarryFolder.UNRECORDED_MODEL) : DEFAULT_MODEL;
      EmbeddingChoice model =
          EmbeddingChoice.resolve(folder, preset, customModel, customModelId, recorded, unrecorded);
      EmbeddedVectorStore vectors = null;
      VectorStore given = null;
      Bm25Index keywordIndex = null;
      try {
        DocumentSplitter chunks = // refuses a chunk size before the folder is touched
            splitter != null ? splitter : ChunkSizing.splitter(model.model(), chunkSize, chunkOverlap);
        given = vectorStore == null ? null : vectorStore.apply(model.model().dimension());
        if (vectorStore != null && given == null) {
          throw new IllegalArgumentException("the vector store factory made no store (returned null)");
        }
        if (given != null && given.dimension() != model.model().dimension()) {
          throw new IllegalArgumentException("the vector store holds " + given.dimension()
              + "-dimensional vectors but the embedding model " + model.id() + " makes "
              + model.model().dimension() + "-dimensional ones");
        }
        Bm25Index.Builder bm25 = Bm25Index.builder().analyzer(analyzer);
        if (layout != null) {
          bm25.folder(layout.keywordsDir());
        }
        if (given == null) {
          EmbeddedVectorStore.Builder store = EmbeddedVectorStore.builder(model.model().dimension()).index(index);
          if (layout != null) {
            store.folder(layout.indexDir());
          }
          vectors = store.build();
        }
        keywordIndex = bm25.build();
        VectorStore chosen = given != null ? given : vectors;
        if (layout != null) {
          settleModel(layout, model, chosen);
        }
        return new Quarry(this, model, chunks, chosen, keywordIndex);
      } catch (FolderLockedException e) {
        closeQuietly(keywordIndex, owned(vectors, given), model.owned().orElse(null), e);
        throw new FolderLockedException(folder, "the Quarry folder " + folder.toAbsolutePath() + " is in use by"
            + " another process (" + e.folder().getFileName() + "/ is locked)", e);
      } catch (RuntimeException e) {
        closeQuietly(keywordIndex, owned(vectors, given), model.owned().orElse(null), e);
        throw e;
      }
    }

    /** The store Quarry must close if building fails: the embedded one, or one its factory made. */
    private AutoCloseable owned(EmbeddedVectorStore embedded, VectorStore given) {
      if (embedded != null) {
        return embedded;
      }
      return ownsGivenStore && given instanceof AutoCloseable closeable ? closeable : null;
    }

    /**
     * Records the model in a new folder, or checks it against the one recorded, with the folder's stores locked:
     * another process that created the folder with another model between the first look and the lock is caught
     * here, and a folder is never recorded twice. A store without a manifest that holds records predates the
     * manifest ({@link QuarryFolder#UNRECORDED_MODEL}); an empty one is new (or a creation cut short: with no model
     * given, the first look took the folder's {@code index/} for an old store, so it gets that model). A store
     * given by the caller (a server collection) whose records no manifest names, while no model was given, is
     * refused rather than guessed at: it may have been filled under either default.
     */
    private void settleModel(QuarryFolder layout, EmbeddingChoice model, VectorStore vectors) {
      Optional<String> manifest = layout.manifestModel();
      long stored = manifest.isPresent() ? 0 : vectors.count();
      if (stored > 0 && preset == null && customModel == null
          && !EmbeddingChoice.sameModel(QuarryFolder.UNRECORDED_MODEL, model.id())) {
        throw new IllegalArgumentException("the folder " + folder.toAbsolutePath() + " records no embedding model,"
            + " but its vector store already holds " + stored + " chunks: give the model that embedded them with"
            + " Builder.embeddings (" + QuarryFolder.UNRECORDED_MODEL + " for a store filled before folders"
            + " recorded their model), or use another folder");
      }
      Optional<String> recorded =
          manifest.or(() -> stored > 0 ? Optional.of(QuarryFolder.UNRECORDED_MODEL) : Optional.empty());
      if (recorded.isEmpty()) {
        layout.record(model.id(), model.model().dimension());
      } else if (!EmbeddingChoice.sameModel(recorded.get(), model.id())) {
        throw EmbeddingChoice.mismatch(folder, recorded.get(), model.id());
      }
    }

    private static void closeQuietly(AutoCloseable keywords, AutoCloseable vectors, AutoCloseable model,
        RuntimeException failure) {
      for (AutoCloseable c : new AutoCloseable[] {keywords, vectors, model}) {
        if (c == null) {
          continue;
        }
        try {
          c.close();
        } catch (Exception e) {
          failure.addSuppressed(e);
        }
      }
    }
  }
}
