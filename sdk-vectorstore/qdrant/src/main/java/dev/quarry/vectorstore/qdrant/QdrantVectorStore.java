package dev.quarry.vectorstore.qdrant;

import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.vectorstore.server.internal.CandidateSearch;
import dev.quarry.vectorstore.server.internal.RecordChecks;
import dev.quarry.vectorstore.server.internal.Utf16;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.Points;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link VectorStore} on a Qdrant server, through Qdrant's official gRPC client ({@code io.qdrant:client}).
 *
 * <pre>{@code
 * try (QdrantVectorStore store = QdrantVectorStore.builder(URI.create("http://localhost:6334"), 384)
 *     .collection("docs").build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The collection is created on first use unless {@link Builder#createIfMissing} is off, with one unnamed dense
 * vector of the store's dimension and the {@link Metric}'s distance, and a keyword index on the filter field; an
 * existing collection whose vector size or distance differs is refused naming both values.
 *
 * <p>Semantics are the embedded store's ({@code VectorStoreContract}):
 *
 * <ul>
 *   <li>Each chunk is one point whose id is derived from the chunk id (Qdrant ids are numbers or UUIDs); metadata
 *       keeps its exact types and filters select exactly what {@link Filter#matches} selects: each filter is
 *       narrowed to Qdrant conditions over fields the store adds to each point and finished here, asking for more
 *       candidates when the conditions alone are not exact (ranges).
 *   <li>An upsert is checked whole before anything is sent, then written in requests of {@link Builder#batchSize}
 *       points, each acknowledged once applied ({@code wait=true}); a request that fails throws {@link
 *       RetriableException} naming the records that may not have been written, and repeating the upsert is safe.
 *   <li>Ids and chunk text with an unpaired surrogate, which protobuf strings (UTF-8) cannot carry, are refused with
 *       {@link IllegalArgumentException}; metadata keys and values keep any string.
 * </ul>
 *
 * <p>Failures reach callers as {@link RetriableException} (the server unreachable, a deadline passed, overload) or
 * {@link NonRetriableException} (authentication, a missing collection, a request the server refuses), each with the
 * server's message. Thread-safe. {@link #close()} closes the client if the store made it.
 */
public final class QdrantVectorStore implements VectorStore, AutoCloseable {
  /** The collection unless set. */
  public static final String DEFAULT_COLLECTION = "quarry_chunks";
  /** Points per request unless set. */
  public static final int DEFAULT_BATCH_SIZE = 256;
  /** The most points per request. */
  public static final int MAX_BATCH_SIZE = 10_000;
  private static final int PAGE = 1_000;
  /** The most candidates one query asks for; past it, the points a filter selects are read and scored here. */
  static final int QUERY_LIMIT = 100_000;

  private final QdrantClient client;
  private final boolean ownsClient;
  private final String collection;
  private final int dimension;
  private final Metric metric;
  private final int batchSize;

  private QdrantVectorStore(Builder b, QdrantClient client) {
    this.client = client;
    this.ownsClient = b.grpcClient.isEmpty();
    this.collection = b.collection;
    this.dimension = b.dimension;
    this.metric = b.metric;
    this.batchSize = b.batchSize;
  }

  /**
   * Starts a store of {@code dimension}-d vectors on the Qdrant server at {@code endpoint}: its gRPC port, {@code
   * http://host:6334}, or {@code https://host:6334} for TLS with the JDK's trust store.
   *
   * @throws IllegalArgumentException if {@code endpoint} is not an http(s) URI with a host, or {@code dimension} is
   *     not positive
   */
  public static Builder builder(URI endpoint, int dimension) {
    if (endpoint == null || endpoint.getHost() == null
        || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
      throw new IllegalArgumentException("the Qdrant endpoint must be an http:// or https:// URI with a host (the"
          + " gRPC port, 6334 by default), was " + endpoint);
    }
    return new Builder(Optional.of(endpoint), Optional.empty(), dimension);
  }

  /**
   * Starts a store on a gRPC client the caller made (for a channel of its own: custom TLS, proxies, interceptors).
   * The caller keeps ownership: {@link #close()} leaves it open.
   */
  public static Builder builder(QdrantGrpcClient client, int dimension) {
    if (client == null) {
      throw new IllegalArgumentException("Qdrant gRPC client must not be null");
    }
    return new Builder(Optional.empty(), Optional.of(client), dimension);
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
        RecordChecks.checkBatch(records, dimension, metric, r -> RecordChecks.unpairedSurrogate(r, "Qdrant"));
    for (int from = 0; from < records.size(); from += batchSize) {
      List<VectorRecord> part = records.subList(from, Math.min(records.size(), from + batchSize));
      List<Points.PointStruct> points = new ArrayList<>();
      for (int i = from; i < from + part.size(); i++) {
        points.add(QdrantPoints.point(records.get(i), vectors.get(i)));
      }
      try {
        QdrantCalls.await(client.upsertAsync(Points.UpsertPoints.newBuilder().setCollectionName(collection)
            .setWait(true).addAllPoints(points).build()), "an upsert of " + part.size() + " points");
      } catch (RetriableException e) {
        throw new RetriableException("an upsert of " + records.size() + " records into Qdrant collection '"
            + collection + "' stopped: the " + (records.size() - from) + " records from '" + part.getFirst().id()
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
    Optional<Common.Filter> where = request.filter().flatMap(QdrantFilters::candidates);
    return CandidateSearch.search(request, QUERY_LIMIT, n -> {
      Points.QueryPoints.Builder q = Points.QueryPoints.newBuilder().setCollectionName(collection)
          .setQuery(nearest(query)).setLimit(n).setWithPayload(enable(true));
      where.ifPresent(q::setFilter);
      List<SearchHit> candidates = new ArrayList<>();
      for (Points.ScoredPoint p : QdrantCalls.await(client.queryAsync(q.build()), "a search")) {
        candidates.add(new SearchHit(QdrantPoints.chunk(p.getId(), p.getPayloadMap()), score(p.getScore())));
      }
      return candidates;
    }, hits -> scroll(where, true, p -> hits.accept(new SearchHit(QdrantPoints.chunk(p.getId(), p.getPayloadMap()),
        CandidateSearch.score(metric, query, QdrantPoints.vector(p.getVectors()))))));
  }

  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    Set<String> wanted = RecordChecks.distinctIds(ids, Utf16::wellFormed);
    Map<String, VectorRecord> found = new HashMap<>();
    List<String> list = new ArrayList<>(wanted);
    for (int from = 0; from < list.size(); from += batchSize) {
      List<Common.PointId> part = list.subList(from, Math.min(list.size(), from + batchSize)).stream()
          .map(QdrantPoints::pointId).toList();
      for (Points.RetrievedPoint p : QdrantCalls.await(client.retrieveAsync(collection, part, enable(true),
          WithVectorsSelectorFactory.enable(true), null), "a read of " + part.size() + " points")) {
        VectorRecord r = new VectorRecord(QdrantPoints.chunk(p.getId(), p.getPayloadMap()),
            QdrantPoints.vector(p.getVectors()));
        found.put(r.id(), r);
      }
    }
    return RecordChecks.inOrder(wanted, found);
  }

  @Override
  public int delete(Collection<String> ids) {
    List<String> list = new ArrayList<>(RecordChecks.distinctIds(ids, Utf16::wellFormed));
    int deleted = 0;
    for (int from = 0; from < list.size(); from += batchSize) {
      List<Common.PointId> part = list.subList(from, Math.min(list.size(), from + batchSize)).stream()
          .map(QdrantPoints::pointId).toList();
      List<Common.PointId> existing = QdrantCalls.await(client.retrieveAsync(collection, part, enable(false),
          WithVectorsSelectorFactory.enable(false), null), "a check of which points a delete removes").stream()
          .map(Points.RetrievedPoint::getId).toList();
      deleted += deletePoints(existing);
    }
    return deleted;
  }

  @Override
  public int deleteWhere(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    List<Common.PointId> matching = new ArrayList<>();
    scroll(QdrantFilters.candidates(filter), false, p -> {
      if (filter.matches(QdrantPoints.chunk(p.getId(), p.getPayloadMap()).metadata())) {
        matching.add(p.getId());
      }
    });
    int deleted = 0;
    for (int from = 0; from < matching.size(); from += batchSize) {
      deleted += deletePoints(matching.subList(from, Math.min(matching.size(), from + batchSize)));
    }
    return deleted;
  }

  /** Every point {@code where} selects (all if empty), with its payload and, if asked, its vector. */
  private void scroll(Optional<Common.Filter> where, boolean withVectors, Consumer<Points.RetrievedPoint> each) {
    Optional<Common.PointId> offset = Optional.empty();
    do {
      Points.ScrollPoints.Builder scroll = Points.ScrollPoints.newBuilder().setCollectionName(collection)
          .setLimit(PAGE).setWithPayload(enable(true)).setWithVectors(WithVectorsSelectorFactory.enable(withVectors));
      where.ifPresent(scroll::setFilter);
      offset.ifPresent(scroll::setOffset);
      Points.ScrollResponse page = QdrantCalls.await(client.scrollAsync(scroll.build()),
          "a read of the points a filter selects");
      page.getResultList().forEach(each);
      offset = page.hasNextPageOffset() ? Optional.of(page.getNextPageOffset()) : Optional.empty();
    } while (offset.isPresent());
  }

  private int deletePoints(List<Common.PointId> ids) {
    if (!ids.isEmpty()) {
      QdrantCalls.await(client.deleteAsync(Points.DeletePoints.newBuilder().setCollectionName(collection)
          .setWait(true).setPoints(Points.PointsSelector.newBuilder()
              .setPoints(Points.PointsIdsList.newBuilder().addAllIds(ids))).build()),
          "a delete of " + ids.size() + " points");
    }
    return ids.size();
  }

  @Override
  public long count() {
    return QdrantCalls.await(client.countAsync(collection, null, true), "a count");
  }

  /** Closes the gRPC client if this store made it. */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  private double score(float score) {
    return metric == Metric.EUCLIDEAN ? -score : score; // Qdrant's Euclid score is the distance itself
  }

  /** Settings of a {@link QdrantVectorStore}. Not thread-safe. */
  public static final class Builder {
    private final Optional<URI> endpoint;
    private final Optional<QdrantGrpcClient> grpcClient;
    private final int dimension;
    private String collection = DEFAULT_COLLECTION;
    private Metric metric = Metric.COSINE;
    private Optional<String> apiKey = Optional.empty();
    private Duration timeout = Duration.ofSeconds(60);
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean createIfMissing = true;

    private Builder(Optional<URI> endpoint, Optional<QdrantGrpcClient> grpcClient, int dimension) {
      if (dimension < 1 || dimension > 65_536) {
        throw new IllegalArgumentException("dimension must be in 1..65536 (Qdrant's limit), was " + dimension);
      }
      this.endpoint = endpoint;
      this.grpcClient = grpcClient;
      this.dimension = dimension;
    }

    /** The collection's name: 1 to 255 characters, none of {@code / \ * ? " < > | : } and no NUL. */
    public Builder collection(String collection) {
      if (collection == null || collection.isEmpty() || collection.length() > 255
          || collection.chars().anyMatch(c -> "/\\*?\"<>|:\0".indexOf(c) >= 0) || !Utf16.wellFormed(collection)) {
        throw new IllegalArgumentException("a Qdrant collection name is 1-255 characters without / \\ * ? \" < > |"
            + " : or NUL; was " + collection);
      }
      this.collection = collection;
      return this;
    }

    /** How vectors are compared: the collection's distance ({@code Cosine}, {@code Dot}, {@code Euclid}). */
    public Builder metric(Metric metric) {
      if (metric == null) {
        throw new IllegalArgumentException("metric must not be null");
      }
      this.metric = metric;
      return this;
    }

    /** The API key, sent with every call (use TLS: an {@code https://} endpoint). Not for a caller's client. */
    public Builder apiKey(String apiKey) {
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("API key must not be blank");
      }
      this.apiKey = Optional.of(apiKey);
      return this;
    }

    /** The deadline of each call; 60 seconds unless set. A call past it is retriable. Not for a caller's client. */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Points per request, 1 to {@link #MAX_BATCH_SIZE}; {@link #DEFAULT_BATCH_SIZE} unless set. */
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
     * @throws IllegalArgumentException if the collection's vector size or distance differs from this builder's
     * @throws NonRetriableException if it is missing and may not be created, or the server refuses
     * @throws RetriableException if the server cannot be reached
     */
    public QdrantVectorStore build() {
      if (grpcClient.isPresent() && (apiKey.isPresent())) {
        throw new IllegalArgumentException("an API key is set on the caller's gRPC client, not on the store");
      }
      QdrantClient client = new QdrantClient(grpcClient.orElseGet(this::newGrpcClient));
      try {
        QdrantCollection.open(client, collection, dimension, metric, createIfMissing);
      } catch (RuntimeException e) {
        if (grpcClient.isEmpty()) {
          client.close();
        }
        throw e;
      }
      return new QdrantVectorStore(this, client);
    }

    private QdrantGrpcClient newGrpcClient() {
      URI uri = endpoint.orElseThrow();
      boolean tls = "https".equals(uri.getScheme());
      int port = uri.getPort() > 0 ? uri.getPort() : 6334;
      QdrantGrpcClient.Builder grpc = QdrantGrpcClient.newBuilder(uri.getHost(), port, tls, false)
          .withTimeout(timeout);
      apiKey.ifPresent(grpc::withApiKey);
      return grpc.build();
    }
  }
}
