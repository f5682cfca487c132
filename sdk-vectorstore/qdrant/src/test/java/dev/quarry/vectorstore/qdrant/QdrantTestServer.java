package dev.quarry.vectorstore.qdrant;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.PointsGrpc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * <b>Test double</b> of a Qdrant server: an in-process gRPC server implementing Qdrant's real {@code Collections}
 * and {@code Points} services from the client's own generated stubs ({@code io.qdrant:client}), holding collections
 * in memory and answering exactly (brute-force scores), so that the real {@code QdrantClient} and so {@link
 * QdrantVectorStore} run unchanged against it. It stands in for a Qdrant server because none can run on the machines
 * the tests run on; the same tests run against a real one when {@code QUARRY_QDRANT_URL} is set ({@link
 * QdrantServers}).
 *
 * <p>It implements what the store uses, with Qdrant's semantics as documented: collections with one unnamed dense
 * vector (Cosine vectors normalised on the way in, scores as cosine and dot, Euclid scores as distances ordered
 * ascending); upsert replacing whole points; get, delete by ids or filter, count, scroll in id order, query with
 * {@code nearest}; filters with {@code must}, {@code should}, {@code must_not}, nested filters, {@code match} (keyword,
 * keywords, integer, boolean) and {@code range} on top-level payload keys, where a list matches if any element does
 * and a point without the key matches no field condition. Anything else is answered {@code UNIMPLEMENTED} or {@code
 * INVALID_ARGUMENT}, never guessed. Errors use the status codes Qdrant uses ({@code NOT_FOUND} for a missing
 * collection, {@code INVALID_ARGUMENT} for a wrong vector size, {@code UNAUTHENTICATED} for a bad API key).
 *
 * <p>For failure tests it can require an API key, fail calls from a given one on with a status, and hold answers
 * past a client's deadline.
 */
final class QdrantTestServer implements AutoCloseable {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final Metadata.Key<String> API_KEY = Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);

  private final String name = "qdrant-double-" + NAMES.incrementAndGet();
  private final Map<String, Collection> collections = new ConcurrentHashMap<>();
  private final io.grpc.Server server;
  private volatile Optional<String> requiredApiKey = Optional.empty();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int failFromCall = Integer.MAX_VALUE;
  private volatile Status failure = Status.UNAVAILABLE;
  private volatile long holdMillis;

  private record Stored(Common.PointId id, float[] vector, Map<String, Value> payload) {}

  private static final class Collection {
    final int size;
    final Collections.Distance distance;
    final ConcurrentSkipListMap<String, Stored> points = new ConcurrentSkipListMap<>();

    Collection(int size, Collections.Distance distance) {
      this.size = size;
      this.distance = distance;
    }
  }

  QdrantTestServer() throws IOException {
    ServerInterceptor faults = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (requiredApiKey.isPresent() && !requiredApiKey.get().equals(headers.get(API_KEY))) {
          call.close(Status.UNAUTHENTICATED.withDescription("Invalid api-key"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        if (calls.incrementAndGet() >= failFromCall) {
          call.close(failure, new Metadata());
          return new ServerCall.Listener<>() {};
        }
        if (holdMillis > 0) {
          try {
            Thread.sleep(holdMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return next.startCall(call, headers);
      }
    };
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(new CollectionsService(), faults))
        .addService(ServerInterceptors.intercept(new PointsService(), faults))
        .build().start();
  }

  /** A client on this server, as a caller would make one (no server-version check: the double has no version). */
  QdrantGrpcClient.Builder client() {
    return QdrantGrpcClient.newBuilder(InProcessChannelBuilder.forName(name).build(), true, false);
  }

  void requireApiKey(String key) {
    requiredApiKey = Optional.of(key);
  }

  /** Fails every call from the {@code n}-th from now on (1 = the next) with {@code status}. */
  void failFromCall(int n, Status status) {
    failure = status;
    failFromCall = Math.addExact(calls.get(), n);
  }

  /** Answers every call again. */
  void stopFailing() {
    failFromCall = Integer.MAX_VALUE;
  }

  void holdEveryAnswer(long millis) {
    holdMillis = millis;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private Collection collection(String name) {
    Collection c = collections.get(name);
    if (c == null) {
      throw Status.NOT_FOUND.withDescription("Not found: Collection `" + name + "` doesn't exist!").asRuntimeException();
    }
    return c;
  }

  private static String key(Common.PointId id) {
    return id.hasUuid() ? "u" + id.getUuid() : String.format("n%020d", id.getNum());
  }

  private static <T> void answer(StreamObserver<T> observer, Supplier<T> response) {
    try {
      observer.onNext(response.get());
      observer.onCompleted();
    } catch (StatusRuntimeException e) {
      observer.onError(e);
    }
  }

  private static Points.PointsOperationResponse done() {
    return Points.PointsOperationResponse.newBuilder().setResult(
        Points.UpdateResult.newBuilder().setStatus(Points.UpdateStatus.Completed)).build();
  }

  private final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {
    @Override
    public void collectionExists(Collections.CollectionExistsRequest request,
        StreamObserver<Collections.CollectionExistsResponse> observer) {
      answer(observer, () -> Collections.CollectionExistsResponse.newBuilder().setResult(
          Collections.CollectionExists.newBuilder().setExists(collections.containsKey(request.getCollectionName())))
          .build());
    }

    @Override
    public void create(Collections.CreateCollection request,
        StreamObserver<Collections.CollectionOperationResponse> observer) {
      answer(observer, () -> {
        if (!request.getVectorsConfig().hasParams()) {
          throw Status.UNIMPLEMENTED.withDescription("the test double holds one unnamed vector per point")
              .asRuntimeException();
        }
        Collections.VectorParams params = request.getVectorsConfig().getParams();
        if (collections.putIfAbsent(request.getCollectionName(),
            new Collection((int) params.getSize(), params.getDistance())) != null) {
          throw Status.ALREADY_EXISTS.withDescription("Wrong input: Collection `" + request.getCollectionName()
              + "` already exists!").asRuntimeException();
        }
        return Collections.CollectionOperationResponse.newBuilder().setResult(true).build();
      });
    }

    @Override
    public void get(Collections.GetCollectionInfoRequest request,
        StreamObserver<Collections.GetCollectionInfoResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getCollectionName());
        return Collections.GetCollectionInfoResponse.newBuilder().setResult(Collections.CollectionInfo.newBuilder()
            .setStatus(Collections.CollectionStatus.Green).setPointsCount(c.points.size())
            .setConfig(Collections.CollectionConfig.newBuilder().setParams(Collections.CollectionParams.newBuilder()
                .setVectorsConfig(Collections.VectorsConfig.newBuilder().setParams(Collections.VectorParams
                    .newBuilder().setSize(c.size).setDistance(c.distance)))))).build();
      });
    }

    @Override
    public void delete(Collections.DeleteCollection request,
        StreamObserver<Collections.CollectionOperationResponse> observer) {
      answer(observer, () -> Collections.CollectionOperationResponse.newBuilder()
          .setResult(collections.remove(request.getCollectionName()) != null).build());
    }
  }

  private final class PointsService extends PointsGrpc.PointsImplBase {
    @Override
    public void upsert(Points.UpsertPoints request, StreamObserver<Points.PointsOperationResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getCollectionName());
        List<Stored> checked = new ArrayList<>();
        for (Points.PointStruct p : request.getPointsList()) {
          Points.Vector v = p.getVectors().getVector();
          List<Float> data = v.hasDense() ? v.getDense().getDataList() : v.getDataList();
          if (data.size() != c.size) {
            throw Status.INVALID_ARGUMENT.withDescription("Wrong input: Vector dimension error: expected dim: "
                + c.size + ", got " + data.size()).asRuntimeException();
          }
          float[] vector = new float[data.size()];
          for (int i = 0; i < vector.length; i++) {
            vector[i] = data.get(i);
          }
          if (c.distance == Collections.Distance.Cosine) {
            double norm = Math.sqrt(dot(vector, vector));
            for (int i = 0; i < vector.length; i++) {
              vector[i] = (float) (vector[i] / norm);
            }
          }
          checked.add(new Stored(p.getId(), vector, Map.copyOf(p.getPayloadMap())));
        }
        checked.forEach(s -> c.points.put(key(s.id()), s));
        return done();
      });
    }

    @Override
    public void delete(Points.DeletePoints request, StreamObserver<Points.PointsOperationResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getCollectionName());
        if (request.getPoints().hasPoints()) {
          request.getPoints().getPoints().getIdsList().forEach(id -> c.points.remove(key(id)));
        } else {
          Common.Filter filter = request.getPoints().getFilter();
          c.points.values().removeIf(s -> QdrantTestFilters.matches(filter, s.payload()));
        }
        return done();
      });
    }

    @Override
    public void get(Points.GetPoints request, StreamObserver<Points.GetResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getCollectionName());
        Points.GetResponse.Builder response = Points.GetResponse.newBuilder();
        for (Common.PointId id : request.getIdsList()) {
          Stored s = c.points.get(key(id));
          if (s != null) {
            response.addResult(retrieved(s, request.getWithPayload(), request.getWithVectors()));
          }
        }
        return response.build();
      });
    }

    @Override
    public void count(Points.CountPoints request, StreamObserver<Points.CountResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getCollectionName());
        long n = c.points.values().stream()
            .filter(s -> !request.hasFilter() || QdrantTestFilters.matches(request.getFilter(), s.payload())).count();
        return Points.CountResponse.newBuilder().setResult(Points.CountResult.newBuilder().setCount(n)).build();
      });
    }

    @Override
    public void scroll(Points.ScrollPoints request, StreamObserver<Points.ScrollResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getCollectionName());
        int limit = request.hasLimit() ? request.getLimit() : 10;
        Points.ScrollResponse.Builder response = Points.ScrollResponse.newBuilder();
        var from = request.hasOffset() ? c.points.tailMap(key(request.getOffset()), true) : c.points;
        for (Stored s : from.values()) {
          if (request.hasFilter() && !QdrantTestFilters.matches(request.getFilter(), s.payload())) {
            continue;
          }
          if (response.getResultCount() == limit) {
            response.setNextPageOffset(s.id());
            break;
          }
          response.addResult(retrieved(s, request.getWithPayload(), request.getWithVectors()));
        }
        return response.build();
      });
    }

    @Override
    public void query(Points.QueryPoints request, StreamObserver<Points.QueryResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getCollectionName());
        Points.VectorInput nearest = request.getQuery().getNearest();
        if (!request.getQuery().hasNearest() || !nearest.hasDense() || request.getPrefetchCount() > 0) {
          throw Status.UNIMPLEMENTED.withDescription("the test double answers dense nearest queries only")
              .asRuntimeException();
        }
        float[] query = new float[nearest.getDense().getDataCount()];
        if (query.length != c.size) {
          throw Status.INVALID_ARGUMENT.withDescription("Wrong input: Vector dimension error: expected dim: "
              + c.size + ", got " + query.length).asRuntimeException();
        }
        for (int i = 0; i < query.length; i++) {
          query[i] = nearest.getDense().getData(i);
        }
        if (c.distance == Collections.Distance.Cosine) {
          double norm = Math.sqrt(dot(query, query));
          for (int i = 0; i < query.length; i++) {
            query[i] = (float) (query[i] / norm);
          }
        }
        boolean distance = c.distance == Collections.Distance.Euclid;
        Comparator<Points.ScoredPoint> order = Comparator.comparingDouble(Points.ScoredPoint::getScore);
        List<Points.ScoredPoint> scored = new ArrayList<>();
        for (Stored s : c.points.values()) {
          if (request.hasFilter() && !QdrantTestFilters.matches(request.getFilter(), s.payload())) {
            continue;
          }
          float score = (float) (distance ? Math.sqrt(squaredDistance(query, s.vector())) : dot(query, s.vector()));
          Points.ScoredPoint.Builder p = Points.ScoredPoint.newBuilder().setId(s.id()).setScore(score);
          if (request.getWithPayload().getEnable()) {
            p.putAllPayload(s.payload());
          }
          scored.add(p.build());
        }
        scored.sort(distance ? order : order.reversed());
        long limit = request.hasLimit() ? request.getLimit() : 10;
        return Points.QueryResponse.newBuilder().addAllResult(scored.subList(0, (int) Math.min(limit, scored.size())))
            .build();
      });
    }

    @Override
    public void createFieldIndex(Points.CreateFieldIndexCollection request,
        StreamObserver<Points.PointsOperationResponse> observer) {
      answer(observer, () -> {
        collection(request.getCollectionName()); // the double scans; an index changes no answer
        return done();
      });
    }

    private Points.RetrievedPoint retrieved(Stored s, Points.WithPayloadSelector payload,
        Points.WithVectorsSelector vectors) {
      Points.RetrievedPoint.Builder p = Points.RetrievedPoint.newBuilder().setId(s.id());
      if (payload.getEnable()) {
        p.putAllPayload(s.payload());
      }
      if (vectors.getEnable()) {
        Points.DenseVector.Builder dense = Points.DenseVector.newBuilder();
        for (float x : s.vector()) {
          dense.addData(x);
        }
        p.setVectors(Points.VectorsOutput.newBuilder().setVector(Points.VectorOutput.newBuilder().setDense(dense)));
      }
      return p.build();
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  private static double squaredDistance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }
}
