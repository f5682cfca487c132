package dev.quarry.vectorstore.milvus;

import static dev.quarry.vectorstore.milvus.MilvusRecords.ID;
import static dev.quarry.vectorstore.milvus.MilvusRecords.RECORD;
import static dev.quarry.vectorstore.milvus.MilvusRecords.TEXT;
import static dev.quarry.vectorstore.milvus.MilvusRecords.VECTOR;

import com.google.gson.JsonObject;
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
import io.milvus.param.Constant;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A {@link VectorStore} on a Milvus server (2.4 or later, or Zilliz Cloud), through the official Java SDK's v2
 * client ({@code MilvusClientV2}, gRPC).
 *
 * <pre>{@code
 * try (MilvusVectorStore store = MilvusVectorStore.builder("http://localhost:19530", 384)
 *     .collection("docs").build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The collection is created on first use unless {@link Builder#createIfMissing} is off: a {@code VARCHAR}
 * primary key (the chunk id), a {@code FLOAT_VECTOR} with an {@code AUTOINDEX} under the chosen {@link Metric}
 * ({@code COSINE}, {@code IP}, {@code L2}), the text, and the fields the store adds for metadata (see {@link
 * MilvusRecords}); it is then loaded. An existing collection whose dimension or metric differs is refused naming
 * both values.
 *
 * <p>Semantics are the embedded store's ({@code VectorStoreContract}), with these differences that come from
 * Milvus:
 *
 * <ul>
 *   <li>Metadata keeps its exact types and filters select exactly what {@link Filter#matches} selects: each filter
 *       is narrowed on the server as far as a Milvus expression over the added fields allows ({@code eq}, {@code
 *       in}, {@code not} of those, {@code and}, {@code or}: exactly; numeric ranges: a superset) and finished
 *       here ({@code CandidateSearch}). A filter the expression does not say exactly asks the server for more
 *       candidates (up to Milvus's limit of 16,384 a search) until it has {@code maxResults} hits; past that limit
 *       (or for {@code maxResults} above it) the store reads the candidates page by page and scores them itself,
 *       exactly, so the answer is still complete.
 *   <li>An upsert is checked whole before anything is sent (a bad record rejects the batch), then written in
 *       requests of {@link Builder#batchSize} records, each of which replaces whole entities; a request that fails
 *       throws {@link RetriableException} naming the records that may not have been written, and repeating the
 *       upsert is safe.
 *   <li>Ids and chunk text must fit the collection's {@code VARCHAR}s: at most {@link #MAX_ID_BYTES} and {@link
 *       #MAX_TEXT_BYTES} bytes of UTF-8, without unpaired surrogates; others are refused with {@link
 *       IllegalArgumentException}. Metadata keys and values keep any string and number.
 *   <li>Reads use {@code STRONG} consistency, so a search, read or count sees every write acknowledged before it.
 * </ul>
 *
 * <p>Failures reach callers as {@link RetriableException} (the server unreachable, a timeout, an overloaded or
 * not yet ready server) or {@code NonRetriableException} (authentication, a missing collection or database, a
 * request the server refuses), each with the server's message. Thread-safe; close it to release the connection.
 */
public final class MilvusVectorStore implements VectorStore, AutoCloseable {
  /** The collection unless set. */
  public static final String DEFAULT_COLLECTION = "quarry_chunks";
  /** Records per request unless set. */
  public static final int DEFAULT_BATCH_SIZE = 500;
  /**
   * The most records per request. A request must also stay under the server's gRPC message limit ({@code
   * proxy.grpc.serverMaxRecvSize}, 64 MiB on a default server), so large vectors or texts may need fewer.
   */
  public static final int MAX_BATCH_SIZE = 5_000;
  /** The most dimensions a Milvus {@code FLOAT_VECTOR} has. */
  public static final int MAX_DIMENSION = 32_768;
  /** The longest id, in bytes of UTF-8, of collections this store creates. */
  public static final int MAX_ID_BYTES = MilvusRecords.ID_MAX_BYTES;
  /** The longest chunk text, in bytes of UTF-8: a Milvus {@code VARCHAR}'s limit. */
  public static final int MAX_TEXT_BYTES = MilvusRecords.VARCHAR_MAX_BYTES;

  /** The most results one Milvus search returns (its {@code topK} limit). */
  static final int MAX_TOP_K = 16_384;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
  private static final int PAGE = 1_000;

  private final MilvusCalls calls;
  private final MilvusCollection opened;
  private final String collection;
  private final int dimension;
  private final Metric metric;
  private final int batchSize;

  private MilvusVectorStore(Builder b, MilvusCalls calls, MilvusCollection opened) {
    this.calls = calls;
    this.opened = opened;
    this.collection = b.collection;
    this.dimension = b.dimension;
    this.metric = b.metric;
    this.batchSize = b.batchSize;
  }

  /**
   * Starts a store of {@code dimension}-d vectors on the Milvus server at {@code uri} ({@code http://} or {@code
   * https://}, host and port, for example {@code http://localhost:19530}).
   *
   * @throws IllegalArgumentException if {@code uri} is null or not an http(s) URI with a host, or {@code dimension}
   *     is not in 1..{@link #MAX_DIMENSION}
   */
  public static Builder builder(URI uri, int dimension) {
    if (uri == null || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("the Milvus URI must be an http:// or https:// URI with a host, was " + uri);
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("give Milvus credentials with token(...) or credentials(...), not in the URI");
    }
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException("dimension must be in 1.." + MAX_DIMENSION + " (Milvus's limit), was "
          + dimension);
    }
    return new Builder(uri, dimension);
  }

  /** {@link #builder(URI, int)} with {@code uri} parsed. */
  public static Builder builder(String uri, int dimension) {
    if (uri == null) {
      throw new IllegalArgumentException("the Milvus URI must not be null");
    }
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the Milvus URI is not a URI: " + uri, e);
    }
    return builder(parsed, dimension);
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
    List<JsonObject> rows = checkBatch(records);
    for (int from = 0; from < rows.size(); from += batchSize) {
      List<JsonObject> part = rows.subList(from, Math.min(rows.size(), from + batchSize));
      try {
        calls.run("an upsert of " + part.size() + " records", client -> client.upsert(
            UpsertReq.builder().collectionName(collection).data(part).build()));
      } catch (RetriableException e) {
        throw new RetriableException("an upsert of " + records.size() + " records into Milvus collection '"
            + collection + "' stopped: the " + (records.size() - from) + " records from '" + records.get(from).id()
            + "' on may not have been written (those before it were); upserting them again is safe: "
            + e.getMessage(), e);
      }
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
    Optional<Filter> filter = request.filter();
    String expression = filter.flatMap(MilvusFilters::candidates).orElse("");
    // One search returns at most 16,384 candidates; when more may qualify, every candidate is read and scored here.
    return CandidateSearch.search(request, MAX_TOP_K, n -> searchOnce(query, expression, n),
        hits -> page(expression, MilvusRecords.READ, entity -> hits.accept(new SearchHit(
            MilvusRecords.chunk(String.valueOf(entity.get(ID)), entity.get(TEXT), entity.get(RECORD)),
            CandidateSearch.score(metric, query, MilvusRecords.vector(entity.get(VECTOR)))))));
  }

  /** The server's best {@code limit} candidates for {@code expression} (all records if empty), best first. */
  private List<SearchHit> searchOnce(float[] query, String expression, int limit) {
    SearchResp answer = calls.call("a search", client -> client.search(SearchReq.builder()
        .collectionName(collection).annsField(VECTOR).metricType(MilvusCollection.metricType(metric))
        .data(List.of(new FloatVec(query))).limit(limit).filter(expression)
        .outputFields(List.of(TEXT, RECORD)).consistencyLevel(ConsistencyLevel.STRONG).build()));
    List<List<SearchResp.SearchResult>> results = answer.getSearchResults();
    List<SearchHit> hits = new ArrayList<>();
    for (SearchResp.SearchResult result : results == null || results.isEmpty() ? List.<SearchResp.SearchResult>of()
        : results.getFirst()) {
      Map<String, Object> entity = result.getEntity();
      hits.add(new SearchHit(MilvusRecords.chunk(String.valueOf(result.getId()), entity.get(TEXT), entity.get(RECORD)),
          score(result.getScore())));
    }
    return hits;
  }

  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    Set<String> wanted = RecordChecks.distinctIds(ids, id -> !id.isBlank() && MilvusRecords.idProblem(id, opened) == null);
    Map<String, VectorRecord> found = new HashMap<>();
    List<String> list = new ArrayList<>(wanted);
    for (int from = 0; from < list.size(); from += batchSize) {
      List<String> part = list.subList(from, Math.min(list.size(), from + batchSize));
      for (Map<String, Object> entity : query(MilvusFilters.idIn(part), MilvusRecords.READ,
          "a read of " + part.size() + " records")) {
        String id = String.valueOf(entity.get(ID));
        Chunk chunk = MilvusRecords.chunk(id, entity.get(TEXT), entity.get(RECORD));
        found.put(id, new VectorRecord(chunk, MilvusRecords.vector(entity.get(VECTOR))));
      }
    }
    return RecordChecks.inOrder(wanted, found);
  }

  @Override
  public int delete(Collection<String> ids) {
    List<String> list = new ArrayList<>(RecordChecks.distinctIds(ids, id -> !id.isBlank() && MilvusRecords.idProblem(id, opened) == null));
    int deleted = 0;
    for (int from = 0; from < list.size(); from += batchSize) {
      List<String> part = list.subList(from, Math.min(list.size(), from + batchSize));
      List<String> existing = new ArrayList<>();
      for (Map<String, Object> entity : query(MilvusFilters.idIn(part), List.of(ID),
          "a check of which records a delete removes")) {
        existing.add(String.valueOf(entity.get(ID)));
      }
      deleted += deleteIds(existing);
    }
    return deleted;
  }

  @Override
  public int deleteWhere(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    List<String> matching = new ArrayList<>();
    page(MilvusFilters.candidates(filter).orElse(""), List.of(ID, RECORD), entity -> {
      String id = String.valueOf(entity.get(ID));
      if (filter.matches(MilvusRecords.chunk(id, "", entity.get(RECORD)).metadata())) {
        matching.add(id);
      }
    });
    int deleted = 0;
    for (int from = 0; from < matching.size(); from += batchSize) {
      deleted += deleteIds(matching.subList(from, Math.min(matching.size(), from + batchSize)));
    }
    return deleted;
  }

  private int deleteIds(List<String> ids) {
    if (!ids.isEmpty()) {
      String expression = MilvusFilters.idIn(ids);
      calls.run("a delete of " + ids.size() + " records",
          client -> client.delete(DeleteReq.builder().collectionName(collection).filter(expression).build()));
    }
    return ids.size();
  }

  @Override
  public long count() {
    QueryResp answer = calls.call("a count", client -> client.query(QueryReq.builder().collectionName(collection)
        .filter("").outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build()));
    return ((Number) answer.getQueryResults().getFirst().getEntity().get("count(*)")).longValue();
  }

  /** Releases the connection to the server; calls after it throw {@link IllegalStateException}. */
  @Override
  public void close() {
    calls.close();
  }

  /** The entities {@code expression} selects (at most a batch: it names them by id). */
  private List<Map<String, Object>> query(String expression, List<String> fields, String what) {
    QueryResp answer = calls.call(what, client -> client.query(QueryReq.builder().collectionName(collection)
        .filter(expression).outputFields(fields).consistencyLevel(ConsistencyLevel.STRONG).build()));
    List<Map<String, Object>> entities = new ArrayList<>();
    answer.getQueryResults().forEach(result -> entities.add(result.getEntity()));
    return entities;
  }

  /**
   * Every entity {@code expression} selects (all if empty), in pages of {@link #PAGE} ordered by id, the way the
   * SDK's own query iterator pages: each page asks for the ids after the last one seen.
   */
  private void page(String expression, List<String> fields, Consumer<Map<String, Object>> each) {
    String last = null;
    while (true) {
      String filter = last == null ? expression : MilvusFilters.after(last, expression);
      Map<String, Object> params = new HashMap<>();
      params.put(Constant.ITERATOR_FIELD, true);
      params.put(Constant.REDUCE_STOP_FOR_BEST, false);
      QueryResp answer = calls.call("a read of the records a filter selects", client -> client.query(
          QueryReq.builder().collectionName(collection).filter(filter).outputFields(fields).limit(PAGE)
              .queryParams(params).consistencyLevel(ConsistencyLevel.STRONG).build()));
      List<QueryResp.QueryResult> results = answer.getQueryResults();
      for (QueryResp.QueryResult result : results) {
        each.accept(result.getEntity());
      }
      if (results.size() < PAGE) {
        return;
      }
      last = String.valueOf(results.getLast().getEntity().get(ID));
    }
  }

  /** A Milvus search score as a Quarry score: similarity as it is, L2 (squared, as Milvus gives it) negated. */
  private double score(float score) {
    return switch (metric) {
      case COSINE, DOT_PRODUCT -> score;
      case EUCLIDEAN -> -Math.sqrt(Math.max(0, score));
    };
  }

  /** The rows of {@code records}, once the batch is checked whole (sizes too: {@link MilvusRecords#row}). */
  private List<JsonObject> checkBatch(List<VectorRecord> records) {
    List<float[]> vectors = RecordChecks.checkBatch(records, dimension, metric, r -> null);
    List<JsonObject> rows = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      rows.add(MilvusRecords.row(records.get(i), vectors.get(i), opened));
    }
    return rows;
  }

  /** Settings of a {@link MilvusVectorStore}. Not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private final int dimension;
    private String collection = DEFAULT_COLLECTION;
    private Optional<String> database = Optional.empty();
    private Metric metric = Metric.COSINE;
    private Optional<String> token = Optional.empty();
    private Optional<String> username = Optional.empty();
    private Optional<String> password = Optional.empty();
    private Optional<String> serverName = Optional.empty();
    private Optional<Path> caCertificate = Optional.empty();
    private Optional<Path> clientCertificate = Optional.empty();
    private Optional<Path> clientKey = Optional.empty();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean createIfMissing = true;

    private Builder(URI uri, int dimension) {
      this.uri = uri;
      this.dimension = dimension;
    }

    /** The collection's name: 1 to 255 letters, digits and underscores, not starting with a digit. */
    public Builder collection(String collection) {
      this.collection = name(collection, "collection");
      return this;
    }

    /** The database holding the collection; Milvus's {@code default} unless set. It must exist. */
    public Builder database(String database) {
      this.database = Optional.of(name(database, "database"));
      return this;
    }

    /** How vectors are compared: the index's metric ({@code COSINE}, {@code IP}, {@code L2}). */
    public Builder metric(Metric metric) {
      if (metric == null) {
        throw new IllegalArgumentException("metric must not be null");
      }
      this.metric = metric;
      return this;
    }

    /**
     * The token of a server with authentication: an API key (Zilliz Cloud) or {@code user:password}. Replaces
     * {@link #credentials}.
     */
    public Builder token(String token) {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("token must not be blank");
      }
      this.token = Optional.of(token);
      this.username = Optional.empty();
      this.password = Optional.empty();
      return this;
    }

    /** The user name and password of a server with authentication. Replaces {@link #token}. */
    public Builder credentials(String username, String password) {
      if (username == null || username.isBlank() || password == null || password.isEmpty()) {
        throw new IllegalArgumentException("user name and password must not be blank");
      }
      this.username = Optional.of(username);
      this.password = Optional.of(password);
      this.token = Optional.empty();
      return this;
    }

    /**
     * A PEM file with the certificate, or the certificate authority, the server's TLS certificate must chain to:
     * TLS with a private authority (the SDK's {@code serverPemPath}, or {@code caPemPath} with {@link
     * #clientCertificate}). Without it an {@code https://} URI trusts the JDK's default authorities.
     */
    public Builder caCertificate(Path pem) {
      this.caCertificate = Optional.of(readable(pem, "CA certificate"));
      return this;
    }

    /**
     * The client's certificate and private key (PEM files) for a server that requires mutual TLS; needs {@link
     * #caCertificate}.
     */
    public Builder clientCertificate(Path certificatePem, Path privateKeyPem) {
      this.clientCertificate = Optional.of(readable(certificatePem, "client certificate"));
      this.clientKey = Optional.of(readable(privateKeyPem, "client private key"));
      return this;
    }

    /** The name the server's TLS certificate carries, where it differs from the URI's host (the default). */
    public Builder serverName(String serverName) {
      if (serverName == null || serverName.isBlank()) {
        throw new IllegalArgumentException("server name must not be blank");
      }
      this.serverName = Optional.of(serverName);
      return this;
    }

    /** How long to wait for the connection; 10 seconds unless set. A server not there in time is retriable. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /**
     * How long to wait for each answer (the gRPC deadline of every call, and of loading the collection); 60 seconds
     * unless set. A call past its deadline is retriable.
     */
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
     * Connects and opens the collection, creating it if allowed.
     *
     * @throws IllegalArgumentException if the collection's dimension or metric differs from this builder's, or its
     *     fields are not the ones this store writes
     * @throws dev.quarry.api.NonRetriableException if it is missing and may not be created, the database is
     *     missing, the credentials are refused, or the server refuses a request
     * @throws RetriableException if the server cannot be reached or does not answer in time
     */
    public MilvusVectorStore build() {
      String endpoint = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder()
          .uri(endpoint)
          .connectTimeoutMs(MilvusCalls.millis(connectTimeout))
          .rpcDeadlineMs(MilvusCalls.millis(requestTimeout))
          .secure("https".equals(uri.getScheme()));
      token.ifPresent(config::token);
      username.ifPresent(config::username);
      password.ifPresent(config::password);
      database.ifPresent(config::dbName);
      // The SDK's TLS channel for a CA certificate overrides the authority with the server name unconditionally,
      // and fails without one: the URI's host unless set. (Its channel for a JDK SSLContext fails in SDK 2.6.22
      // whatever the settings, hence PEM files only.)
      config.serverName(serverName.orElse(uri.getHost()));
      if (clientCertificate.isPresent()) {
        if (caCertificate.isEmpty()) {
          throw new IllegalArgumentException("mutual TLS needs the CA certificate too: call caCertificate(...)");
        }
        config.caPemPath(caCertificate.get().toString()).clientPemPath(clientCertificate.get().toString())
            .clientKeyPath(clientKey.orElseThrow().toString()).secure(true);
      } else {
        caCertificate.ifPresent(ca -> config.serverPemPath(ca.toString()).secure(true));
      }
      MilvusCalls calls = MilvusCalls.connect(config.build(), endpoint);
      try {
        MilvusCollection opened = MilvusCollection.open(calls, collection, dimension, metric, createIfMissing,
            MilvusCalls.millis(requestTimeout));
        return new MilvusVectorStore(this, calls, opened);
      } catch (RuntimeException e) {
        calls.close();
        throw e;
      }
    }

    private static String name(String name, String what) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("a Milvus " + what + " name is 1-255 letters, digits and underscores, not"
            + " starting with a digit; was " + name);
      }
      return name;
    }

    private static Path readable(Path file, String what) {
      if (file == null || !Files.isReadable(file)) {
        throw new IllegalArgumentException("the " + what + " must be a readable PEM file, was " + file);
      }
      return file;
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
