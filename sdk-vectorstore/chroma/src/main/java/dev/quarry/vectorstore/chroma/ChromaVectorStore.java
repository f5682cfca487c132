package dev.quarry.vectorstore.chroma;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.api.RetriableException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.vectorstore.server.internal.CandidateSearch;
import dev.quarry.vectorstore.server.internal.RecordChecks;
import dev.quarry.vectorstore.server.internal.Utf16;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A {@link VectorStore} on a Chroma server (1.x), through its v2 HTTP API.
 *
 * <pre>{@code
 * ChromaVectorStore store = ChromaVectorStore.builder(URI.create("http://localhost:8000"), 384)
 *     .collection("docs").build();
 * }</pre>
 *
 * <p>The collection is created on first use unless {@link Builder#createIfMissing} is off, with the HNSW space of
 * the chosen {@link Metric}; an existing collection whose dimension or space differs is refused naming both values.
 *
 * <p>Semantics are the embedded store's ({@code VectorStoreContract}), with these differences that come from
 * Chroma:
 *
 * <ul>
 *   <li>Metadata keeps its exact types and filters select exactly what {@link Filter#matches} selects, though
 *       Chroma's {@code where} cannot say everything a {@link Filter} can: each filter is narrowed on the server
 *       as far as {@code where} allows, over fields the store adds to each record, and finished here. Chroma searches approximately (HNSW), so a filtered
 *       search asks the server for more candidates until it has {@code maxResults} hits or the candidates run out.
 *   <li>An upsert is checked whole before anything is sent (a bad record rejects the batch), then written in
 *       requests of {@link Builder#batchSize} records; a request that fails part way throws {@link
 *       RetriableException} naming the records that may not have been written, and repeating the upsert is safe.
 *       Chroma merges the metadata of an upsert into the stored record's, so the store first reads which fields
 *       the stored records have and removes those the new ones lack; this store's own upserts run one at a time so
 *       that two of them cannot interleave those steps.
 *   <li>Ids and chunk text with an unpaired surrogate, which JSON in UTF-8 cannot carry, are refused with {@link
 *       IllegalArgumentException}; metadata keys and values keep any string.
 * </ul>
 *
 * <p>Failures reach callers as {@link RetriableException} (the server unreachable, a timeout, 429, 5xx) or {@code
 * NonRetriableException} (authentication, a missing collection, a request the server refuses), each with the
 * server's message. Thread-safe; searches run concurrently with each other and with upserts, and see each upsert
 * request either before or after it.
 */
public final class ChromaVectorStore implements VectorStore {
  /** The collection unless set. */
  public static final String DEFAULT_COLLECTION = "quarry_chunks";
  /** Records per request unless set. */
  public static final int DEFAULT_BATCH_SIZE = 500;
  /** The most records per request; Chroma 1.x servers take up to 5,461 (their {@code max_batch_size}). */
  public static final int MAX_BATCH_SIZE = 5_000;

  private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]");
  private static final int PAGE = 1_000;

  private final ChromaHttp http;
  private final String collection;
  private final String path;
  private final int dimension;
  private final Metric metric;
  private final int batchSize;
  private final ReentrantLock writes = new ReentrantLock();

  private ChromaVectorStore(Builder b, ChromaHttp http, String collectionId) {
    this.http = http;
    this.collection = b.collection;
    this.path = "collections/" + ChromaHttp.segment(collectionId);
    this.dimension = b.dimension;
    this.metric = b.metric;
    this.batchSize = b.batchSize;
  }

  /**
   * Starts a store of {@code dimension}-d vectors on the Chroma server at {@code endpoint} ({@code http://} or
   * {@code https://}, host and port, for example {@code http://localhost:8000}).
   *
   * @throws IllegalArgumentException if {@code endpoint} is null or not an http(s) URI, or {@code dimension} is not
   *     positive
   */
  public static Builder builder(URI endpoint, int dimension) {
    if (endpoint == null || endpoint.getHost() == null
        || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
      throw new IllegalArgumentException("the Chroma endpoint must be an http:// or https:// URI with a host, was "
          + endpoint);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive, was " + dimension);
    }
    return new Builder(endpoint, dimension);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** How vectors are compared. */
  public Metric metric() {
    return metric;
  }

  /** The collection holding the records. */
  public String collection() {
    return collection;
  }

  @Override
  public void upsert(List<VectorRecord> records) {
    List<float[]> vectors =
        RecordChecks.checkBatch(records, dimension, metric, r -> RecordChecks.unpairedSurrogate(r, "Chroma"));
    for (int from = 0; from < records.size(); from += batchSize) {
      int to = Math.min(records.size(), from + batchSize);
      List<VectorRecord> part = records.subList(from, to);
      try {
        upsertPart(part, vectors.subList(from, to));
      } catch (RetriableException e) {
        throw new RetriableException("an upsert of " + records.size() + " records into Chroma collection '"
            + collection + "' stopped: the " + (records.size() - from) + " records from '" + part.getFirst().id()
            + "' on may not have been written (those before it were); upserting them again is safe: "
            + e.getMessage(), e);
      }
    }
  }

  private void upsertPart(List<VectorRecord> part, List<float[]> embeddings) {
    List<String> ids = part.stream().map(VectorRecord::id).toList();
    writes.lock();
    try {
      Map<String, Set<String>> previousFields = new HashMap<>();
      JsonNode stored = http.post(path + "/get", Map.of("ids", ids, "include", List.of("metadatas")),
          "a read of the records an upsert replaces");
      for (int i = 0; i < stored.path("ids").size(); i++) {
        Set<String> fields = new HashSet<>();
        stored.path("metadatas").path(i).fieldNames().forEachRemaining(fields::add);
        previousFields.put(stored.get("ids").get(i).asText(), fields);
      }
      List<String> documents = new ArrayList<>();
      List<Map<String, Object>> metadatas = new ArrayList<>();
      for (VectorRecord r : part) {
        documents.add(r.chunk().text());
        metadatas.add(ChromaRecords.metadata(r.chunk(), previousFields.getOrDefault(r.id(), Set.of())));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("ids", ids);
      body.put("embeddings", embeddings);
      body.put("documents", documents);
      body.put("metadatas", metadatas);
      http.post(path + "/upsert", body, "an upsert of " + part.size() + " records");
    } finally {
      writes.unlock();
    }
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("search request must not be null");
    }
    if (request.dimension() != dimension) {
      throw new IllegalArgumentException("query vector has " + request.dimension() + " dimensions; the store holds "
          + dimension);
    }
    float[] query = metric.prepare(request.vector());
    Map<String, Object> where = request.filter().flatMap(ChromaFilters::candidates).orElse(null);
    return CandidateSearch.search(request, n -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("query_embeddings", List.of(query));
      body.put("n_results", n);
      if (where != null) {
        body.put("where", where);
      }
      body.put("include", List.of("documents", "metadatas", "distances"));
      JsonNode answer = http.post(path + "/query", body, "a search");
      JsonNode ids = answer.path("ids").path(0);
      List<SearchHit> candidates = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        Chunk chunk = ChromaRecords.chunk(ids.get(i).asText(), answer.path("documents").path(0).path(i),
            answer.path("metadatas").path(0).path(i));
        candidates.add(new SearchHit(chunk, score(answer.path("distances").path(0).path(i).asDouble())));
      }
      return candidates;
    });
  }

  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    Set<String> wanted = RecordChecks.distinctIds(ids, Utf16::wellFormed);
    Map<String, VectorRecord> found = new HashMap<>();
    List<String> list = new ArrayList<>(wanted);
    for (int from = 0; from < list.size(); from += batchSize) {
      List<String> part = list.subList(from, Math.min(list.size(), from + batchSize));
      JsonNode answer = http.post(path + "/get", Map.of("ids", part,
          "include", List.of("documents", "metadatas", "embeddings")), "a read of " + part.size() + " records");
      JsonNode got = answer.path("ids");
      for (int i = 0; i < got.size(); i++) {
        String id = got.get(i).asText();
        Chunk chunk = ChromaRecords.chunk(id, answer.path("documents").path(i), answer.path("metadatas").path(i));
        JsonNode embedding = answer.path("embeddings").path(i);
        float[] vector = new float[embedding.size()];
        for (int d = 0; d < vector.length; d++) {
          vector[d] = (float) embedding.get(d).asDouble();
        }
        found.put(id, new VectorRecord(chunk, vector));
      }
    }
    return RecordChecks.inOrder(wanted, found);
  }

  @Override
  public int delete(Collection<String> ids) {
    List<String> list = new ArrayList<>(RecordChecks.distinctIds(ids, Utf16::wellFormed));
    int deleted = 0;
    for (int from = 0; from < list.size(); from += batchSize) {
      List<String> part = list.subList(from, Math.min(list.size(), from + batchSize));
      JsonNode existing = http.post(path + "/get", Map.of("ids", part, "include", List.of()),
          "a check of which records a delete removes").path("ids");
      deleted += deleteIds(texts(existing));
    }
    return deleted;
  }

  @Override
  public int deleteWhere(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    Map<String, Object> where = ChromaFilters.candidates(filter).orElse(null);
    List<String> matching = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (where != null) {
        body.put("where", where);
      }
      body.put("include", List.of("metadatas"));
      body.put("limit", PAGE);
      body.put("offset", offset);
      JsonNode page = http.post(path + "/get", body, "a read of the records a delete by filter removes");
      JsonNode ids = page.path("ids");
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i).asText();
        if (filter.matches(ChromaRecords.chunk(id, null, page.path("metadatas").path(i)).metadata())) {
          matching.add(id);
        }
      }
      if (ids.size() < PAGE) {
        break;
      }
    }
    int deleted = 0;
    for (int from = 0; from < matching.size(); from += batchSize) {
      deleted += deleteIds(matching.subList(from, Math.min(matching.size(), from + batchSize)));
    }
    return deleted;
  }

  private int deleteIds(List<String> ids) {
    if (!ids.isEmpty()) {
      http.post(path + "/delete", Map.of("ids", ids), "a delete of " + ids.size() + " records");
    }
    return ids.size();
  }

  @Override
  public long count() {
    return http.get(path + "/count", "a count").asLong();
  }

  private double score(double distance) {
    return switch (metric) {
      case COSINE, DOT_PRODUCT -> 1 - distance; // Chroma's cosine and ip distances are 1 - similarity
      case EUCLIDEAN -> -Math.sqrt(Math.max(0, distance)); // Chroma's l2 is the squared distance
    };
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  /** Settings of a {@link ChromaVectorStore}. Not thread-safe. */
  public static final class Builder {
    private final URI endpoint;
    private final int dimension;
    private String collection = DEFAULT_COLLECTION;
    private String tenant = "default_tenant";
    private String database = "default_database";
    private Metric metric = Metric.COSINE;
    private Optional<String> apiKey = Optional.empty();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean createIfMissing = true;
    private Optional<SSLContext> sslContext = Optional.empty();

    private Builder(URI endpoint, int dimension) {
      this.endpoint = endpoint;
      this.dimension = dimension;
    }

    /** The collection's name: 3 to 512 letters, digits, dots, dashes and underscores, starting and ending alnum. */
    public Builder collection(String collection) {
      if (collection == null || !COLLECTION_NAME.matcher(collection).matches() || collection.contains("..")) {
        throw new IllegalArgumentException("a Chroma collection name is 3-512 characters of [A-Za-z0-9._-],"
            + " starting and ending with a letter or digit, without '..'; was " + collection);
      }
      this.collection = collection;
      return this;
    }

    /** The tenant and database holding the collection; Chroma's defaults unless set. */
    public Builder tenantAndDatabase(String tenant, String database) {
      if (tenant == null || tenant.isBlank() || database == null || database.isBlank()) {
        throw new IllegalArgumentException("tenant and database must not be blank");
      }
      this.tenant = tenant;
      this.database = database;
      return this;
    }

    /** How vectors are compared: the collection's HNSW space ({@code cosine}, {@code ip}, {@code l2}). */
    public Builder metric(Metric metric) {
      if (metric == null) {
        throw new IllegalArgumentException("metric must not be null");
      }
      this.metric = metric;
      return this;
    }

    /** A token sent as {@code Authorization: Bearer ...}, for servers with token authentication. */
    public Builder apiKey(String apiKey) {
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("API key must not be blank");
      }
      this.apiKey = Optional.of(apiKey);
      return this;
    }

    /**
     * The TLS settings for an {@code https://} endpoint (a trust store with the server's certificate authority, a
     * client certificate); the JDK's default trust store unless set.
     */
    public Builder sslContext(SSLContext sslContext) {
      if (sslContext == null) {
        throw new IllegalArgumentException("SSL context must not be null");
      }
      this.sslContext = Optional.of(sslContext);
      return this;
    }

    /** How long to wait for a connection; 10 seconds unless set. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** How long to wait for each answer; 60 seconds unless set. A request that times out is retriable. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "request timeout");
      return this;
    }

    /** Records per request, 1 to {@link #MAX_BATCH_SIZE}; {@link #DEFAULT_BATCH_SIZE} unless set. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
        throw new IllegalArgumentException("batch size must be in 1.." + MAX_BATCH_SIZE + ", was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Whether to create the collection when it does not exist (the default); if off, a missing one fails. */
    public Builder createIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
      return this;
    }

    /**
     * Opens the collection, creating it if allowed.
     *
     * @throws IllegalArgumentException if the collection's dimension or space differs from this builder's
     * @throws dev.quarry.api.NonRetriableException if it is missing and may not be created, or the server refuses
     * @throws RetriableException if the server cannot be reached
     */
    public ChromaVectorStore build() {
      ChromaHttp http = new ChromaHttp(endpoint, tenant, database, apiKey, sslContext, connectTimeout, requestTimeout);
      ChromaCollection opened = ChromaCollection.open(http, collection, dimension, metric, createIfMissing);
      return new ChromaVectorStore(this, http, opened.id());
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
