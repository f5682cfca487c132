package dev.quarry.spring.boot;

import dev.quarry.agents.sql.TextToSql;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.vectorstore.HnswOptions;
import dev.quarry.vectorstore.IvfOptions;
import dev.quarry.vectorstore.pgvector.PgVectorStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code quarry.*} properties. Every one has a default, so an application with none set gets the bundled
 * MiniLM model, an in-memory HNSW store with BM25 kept in step, hybrid retrieval and extractive answers. Defaults
 * taken from optional modules (the pgvector table's name, text-to-SQL's limits) are compile-time constants, so
 * those modules need not be present. Not thread-safe: Spring binds it once at start-up.
 */
@ConfigurationProperties("quarry")
public class QuarryProperties {
  private final Embedding embedding = new Embedding();
  private final Store store = new Store();
  private final Retrieval retrieval = new Retrieval();
  private final Answers answers = new Answers();
  private final Ingest ingest = new Ingest();
  private final Sql sql = new Sql();

  public Embedding getEmbedding() {
    return embedding;
  }

  public Store getStore() {
    return store;
  }

  public Retrieval getRetrieval() {
    return retrieval;
  }

  public Answers getAnswers() {
    return answers;
  }

  public Ingest getIngest() {
    return ingest;
  }

  public Sql getSql() {
    return sql;
  }

  /** {@code quarry.embedding.*}: the embedding model. */
  public static class Embedding {
    /** The bundled model: ALL_MINILM_L6_V2 (default) or BGE_SMALL_EN_V15 (needs its model jar on the class path). Ignored when model-file is set. */
    private EmbeddingPreset preset = EmbeddingPreset.ALL_MINILM_L6_V2;
    /** An ONNX sentence-embedding model to use instead of a preset (mean pooling, normalised); needs tokenizer-file. */
    private Path modelFile;
    /** The Hugging Face tokenizer.json of model-file. */
    private Path tokenizerFile;

    public EmbeddingPreset getPreset() {
      return preset;
    }

    public void setPreset(EmbeddingPreset preset) {
      this.preset = preset;
    }

    public Path getModelFile() {
      return modelFile;
    }

    public void setModelFile(Path modelFile) {
      this.modelFile = modelFile;
    }

    public Path getTokenizerFile() {
      return tokenizerFile;
    }

    public void setTokenizerFile(Path tokenizerFile) {
      this.tokenizerFile = tokenizerFile;
    }
  }

  /** {@code quarry.store.*}: where the vectors and the keyword index are kept. */
  public static class Store {
    /** A folder for the embedded store ({@code index/}) and the BM25 index ({@code keywords/}), persisted crash-safely and locked while the application runs; in memory when unset. With a server store, only the keyword index is kept here. */
    private Path folder;
    /** The embedded store's index. */
    private final Index index = new Index();
    /** PostgreSQL with pgvector, used when its url is set and quarry-vectorstore-pgvector is on the class path. */
    private final Pgvector pgvector = new Pgvector();
    /** Chroma, used when its url is set and quarry-vectorstore-chroma is on the class path. */
    private final Chroma chroma = new Chroma();
    /** Qdrant, used when its url is set and quarry-vectorstore-qdrant is on the class path. */
    private final Qdrant qdrant = new Qdrant();
    /** Milvus, used when its url is set and quarry-vectorstore-milvus is on the class path. */
    private final Milvus milvus = new Milvus();

    public Path getFolder() {
      return folder;
    }

    public void setFolder(Path folder) {
      this.folder = folder;
    }

    public Index getIndex() {
      return index;
    }

    public Pgvector getPgvector() {
      return pgvector;
    }

    public Chroma getChroma() {
      return chroma;
    }

    public Qdrant getQdrant() {
      return qdrant;
    }

    public Milvus getMilvus() {
      return milvus;
    }
  }

  /** {@code quarry.store.index.*}: the embedded store's index. */
  public static class Index {
    /** HNSW (default), IVF or EXACT. */
    private IndexType type = IndexType.HNSW;
    /** HNSW: neighbours per node. */
    private int m = HnswOptions.DEFAULT_M;
    /** HNSW: candidates kept while linking. */
    private int efConstruction = HnswOptions.DEFAULT_EF_CONSTRUCTION;
    /** HNSW: candidates kept while searching. */
    private int efSearch = HnswOptions.DEFAULT_EF_SEARCH;
    /** IVF: lists searched per query. */
    private int nprobe = IvfOptions.DEFAULT_NPROBE;

    public IndexType getType() {
      return type;
    }

    public void setType(IndexType type) {
      this.type = type;
    }

    public int getM() {
      return m;
    }

    public void setM(int m) {
      this.m = m;
    }

    public int getEfConstruction() {
      return efConstruction;
    }

    public void setEfConstruction(int efConstruction) {
      this.efConstruction = efConstruction;
    }

    public int getEfSearch() {
      return efSearch;
    }

    public void setEfSearch(int efSearch) {
      this.efSearch = efSearch;
    }

    public int getNprobe() {
      return nprobe;
    }

    public void setNprobe(int nprobe) {
      this.nprobe = nprobe;
    }
  }

  /** {@code quarry.store.pgvector.*}: a pgvector table, through a connection pool of its own. */
  public static class Pgvector {
    /** The JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/app}. */
    private String url;
    /** The database user. */
    private String username;
    /** The user's password. */
    private String password;
    /** The table. */
    private String table = PgVectorStore.DEFAULT_TABLE;
    /** Connections in the pool. */
    private int poolSize = 2;
    /** Whether the table gets an HNSW index (else searches are exact). */
    private boolean hnswIndex = true;
    /** Whether a missing table is created. */
    private boolean createIfMissing = true;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public String getTable() {
      return table;
    }

    public void setTable(String table) {
      this.table = table;
    }

    public int getPoolSize() {
      return poolSize;
    }

    public void setPoolSize(int poolSize) {
      this.poolSize = poolSize;
    }

    public boolean isHnswIndex() {
      return hnswIndex;
    }

    public void setHnswIndex(boolean hnswIndex) {
      this.hnswIndex = hnswIndex;
    }

    public boolean isCreateIfMissing() {
      return createIfMissing;
    }

    public void setCreateIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
    }
  }

  /** {@code quarry.store.chroma.*}: a Chroma collection, over its v2 HTTP API. */
  public static class Chroma {
    /** The server, e.g. {@code http://localhost:8000} ({@code https} for TLS). */
    private URI url;
    /** The collection. */
    private String collection = "quarry_chunks";
    /** A token sent with every request. */
    private String apiKey;
    /** Whether a missing collection is created. */
    private boolean createIfMissing = true;

    public URI getUrl() {
      return url;
    }

    public void setUrl(URI url) {
      this.url = url;
    }

    public String getCollection() {
      return collection;
    }

    public void setCollection(String collection) {
      this.collection = collection;
    }

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    public boolean isCreateIfMissing() {
      return createIfMissing;
    }

    public void setCreateIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
    }
  }

  /** {@code quarry.store.qdrant.*}: a Qdrant collection, over gRPC. */
  public static class Qdrant {
    /** The server, its gRPC port, e.g. {@code http://localhost:6334} ({@code https} for TLS). */
    private URI url;
    /** The collection. */
    private String collection = "quarry_chunks";
    /** The API key. */
    private String apiKey;
    /** Whether a missing collection is created. */
    private boolean createIfMissing = true;

    public URI getUrl() {
      return url;
    }

    public void setUrl(URI url) {
      this.url = url;
    }

    public String getCollection() {
      return collection;
    }

    public void setCollection(String collection) {
      this.collection = collection;
    }

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    public boolean isCreateIfMissing() {
      return createIfMissing;
    }

    public void setCreateIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
    }
  }

  /** {@code quarry.store.milvus.*}: a Milvus collection, over gRPC. */
  public static class Milvus {
    /** The server, e.g. {@code http://localhost:19530} ({@code https} for TLS). */
    private URI url;
    /** The collection. */
    private String collection = "quarry_chunks";
    /** A token ({@code user:password} or an API key). */
    private String token;
    /** Whether a missing collection is created. */
    private boolean createIfMissing = true;

    public URI getUrl() {
      return url;
    }

    public void setUrl(URI url) {
      this.url = url;
    }

    public String getCollection() {
      return collection;
    }

    public void setCollection(String collection) {
      this.collection = collection;
    }

    public String getToken() {
      return token;
    }

    public void setToken(String token) {
      this.token = token;
    }

    public boolean isCreateIfMissing() {
      return createIfMissing;
    }

    public void setCreateIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
    }
  }

  /** {@code quarry.retrieval.*}: how chunks are found. */
  public static class Retrieval {
    /** hybrid (default), dense or bm25. */
    private Mode mode = Mode.HYBRID;
    /**
     * How hybrid retrieval fuses its legs: adaptive (default; z-scores weighted per query by how sharply each leg
     * picks out its top hit), convex (z-scores weighted by dense-weight) or rrf.
     */
    private FusionKind fusion = FusionKind.ADAPTIVE;
    /** Hits asked of each leg of hybrid retrieval. */
    private int depth = 50;
    /** Convex fusion: weight of the dense leg, 0 to 1. */
    private double denseWeight = 0.5;
    /** RRF fusion: the rank constant k. */
    private int rrfK = 60;

    public Mode getMode() {
      return mode;
    }

    public void setMode(Mode mode) {
      this.mode = mode;
    }

    public FusionKind getFusion() {
      return fusion;
    }

    public void setFusion(FusionKind fusion) {
      this.fusion = fusion;
    }

    public int getDepth() {
      return depth;
    }

    public void setDepth(int depth) {
      this.depth = depth;
    }

    public double getDenseWeight() {
      return denseWeight;
    }

    public void setDenseWeight(double denseWeight) {
      this.denseWeight = denseWeight;
    }

    public int getRrfK() {
      return rrfK;
    }

    public void setRrfK(int rrfK) {
      this.rrfK = rrfK;
    }
  }

  /** {@code quarry.answers.*}: the RAG pipeline. */
  public static class Answers {
    /** Chunks retrieved per question (k). */
    private int maxResults = 8;
    /** Token limit of a question's prompt plus its answer, counted with the embedding model's tokenizer. */
    private int maxContextTokens = 3_000;

    public int getMaxResults() {
      return maxResults;
    }

    public void setMaxResults(int maxResults) {
      this.maxResults = maxResults;
    }

    public int getMaxContextTokens() {
      return maxContextTokens;
    }

    public void setMaxContextTokens(int maxContextTokens) {
      this.maxContextTokens = maxContextTokens;
    }
  }

  /** {@code quarry.ingest.*}: ingestion at start-up. */
  public static class Ingest {
    /** Whether the folders are ingested when the application starts (off by default). Unchanged files are not embedded again. */
    private boolean onStartup = false;
    /** Folders ingested at start-up. */
    private List<Path> folders = new ArrayList<>();
    /** Glob patterns of the files to load; empty: the loader's defaults (text, Markdown, HTML, PDF...). */
    private List<String> include = new ArrayList<>();

    public boolean isOnStartup() {
      return onStartup;
    }

    public void setOnStartup(boolean onStartup) {
      this.onStartup = onStartup;
    }

    public List<Path> getFolders() {
      return folders;
    }

    public void setFolders(List<Path> folders) {
      this.folders = folders;
    }

    public List<String> getInclude() {
      return include;
    }

    public void setInclude(List<String> include) {
      this.include = include;
    }
  }

  /** {@code quarry.sql.*}: text-to-SQL over the application's DataSource. */
  public static class Sql {
    /** Whether a TextToSql bean is made (needs a DataSource and a chat model). */
    private boolean enabled = false;
    /** Tables the model may query, every column. */
    private List<String> tables = new ArrayList<>();
    /** Tables the model may query, only the columns listed, as {@code quarry.sql.columns.customers=id,city}. */
    private Map<String, List<String>> columns = new LinkedHashMap<>();
    /** The most rows a query returns. */
    private int maxRows = 100;
    /** How long one query may run before the database cancels it. */
    private Duration statementTimeout = Duration.ofSeconds(10); // TextToSql's default
    /** The most bytes of results a query reads. */
    private long maxResultBytes = TextToSql.DEFAULT_MAX_RESULT_BYTES;
    /** Whether start-up fails when the DataSource's role can do more than read the allowed tables (default true: the database enforces what the guard promises). */
    private boolean requireLeastPrivilege = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getTables() {
      return tables;
    }

    public void setTables(List<String> tables) {
      this.tables = tables;
    }

    public Map<String, List<String>> getColumns() {
      return columns;
    }

    public void setColumns(Map<String, List<String>> columns) {
      this.columns = columns;
    }

    public int getMaxRows() {
      return maxRows;
    }

    public void setMaxRows(int maxRows) {
      this.maxRows = maxRows;
    }

    public Duration getStatementTimeout() {
      return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
      this.statementTimeout = statementTimeout;
    }

    public long getMaxResultBytes() {
      return maxResultBytes;
    }

    public void setMaxResultBytes(long maxResultBytes) {
      this.maxResultBytes = maxResultBytes;
    }

    public boolean isRequireLeastPrivilege() {
      return requireLeastPrivilege;
    }

    public void setRequireLeastPrivilege(boolean requireLeastPrivilege) {
      this.requireLeastPrivilege = requireLeastPrivilege;
    }
  }

  /** The embedded store's index kinds. */
  public enum IndexType {
    /** A proximity graph: fast, approximate (default). */
    HNSW,
    /** Inverted lists over k-means centroids, trained once the store is large enough. */
    IVF,
    /** Every vector compared: exact, slow on large stores. */
    EXACT
  }

  /** The retrieval modes. */
  public enum Mode {
    /** Dense and BM25 fused. */
    HYBRID,
    /** Nearest vectors only. */
    DENSE,
    /** BM25 only. */
    BM25
  }

  /** The fusions of hybrid retrieval. */
  public enum FusionKind {
    /** A sum of each leg's z-scores, weighted per query from the legs' lists ({@code Fusion.adaptive()}). */
    ADAPTIVE,
    /** A weighted sum of each leg's z-scores, with the weight dense-weight. */
    CONVEX,
    /** Reciprocal rank fusion. */
    RRF
  }
}
