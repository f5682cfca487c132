package dev.quarry.vectorstore.milvus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateDatabaseRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.DropCollectionRequest;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetLoadingProgressRequest;
import io.milvus.grpc.GetLoadingProgressResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.IDs;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.IndexState;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.LoadCollectionRequest;
import io.milvus.grpc.LoadState;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.PlaceholderType;
import io.milvus.grpc.PlaceholderValue;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.ServerInfo;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import io.milvus.shaded.io.grpc.Context;
import io.milvus.shaded.io.grpc.Contexts;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.MethodDescriptor;
import io.milvus.shaded.io.grpc.Server;
import io.milvus.shaded.io.grpc.ServerCall;
import io.milvus.shaded.io.grpc.ServerCallHandler;
import io.milvus.shaded.io.grpc.ServerInterceptor;
import io.milvus.shaded.io.grpc.ServerInterceptors;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.shaded.io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.milvus.shaded.io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A <b>test double</b> of a Milvus server, not Milvus: an in-JVM gRPC server on loopback that implements the real
 * Milvus service ({@code milvus.proto.milvus.MilvusService}) from the client's own generated stubs (the SDK's
 * relocated gRPC and Netty), so that the SDK's {@code MilvusClientV2} talks to it exactly as to a server. It keeps
 * collections in memory and answers exactly: searches score every row by brute force, so its results are what an
 * exact index would give.
 *
 * <p>It implements only the calls the store makes ({@code Connect}, {@code ListDatabases}, {@code CreateDatabase},
 * {@code HasCollection}, {@code DescribeCollection}, {@code CreateCollection}, {@code DropCollection}, {@code
 * CreateIndex}, {@code DescribeIndex}, {@code LoadCollection}, {@code GetLoadState}, {@code GetLoadingProgress},
 * {@code Upsert}, {@code Delete}, {@code Query} with {@code count(*)}, {@code Search}); others answer {@code
 * UNIMPLEMENTED}. It follows real Milvus where the store depends on it:
 *
 * <ul>
 *   <li>errors come back as Milvus does: an error status in the answer with Milvus's codes (100 collection not
 *       found, 101 not loaded, 700 index not found, 800 database not found, 1100 invalid parameter or expression)
 *       and messages like Milvus's, a refused token as gRPC {@code UNAUTHENTICATED};
 *   <li>{@code VARCHAR} lengths are counted in bytes of UTF-8 against {@code max_length}, arrays against {@code
 *       max_capacity}, JSON against 65,536 bytes, vectors against the dimension; a failing request writes nothing;
 *   <li>an upsert replaces whole entities; a delete removes what its expression selects;
 *   <li>expressions are parsed by {@link MilvusTestExpression} (the subset the store sends; anything else is refused
 *       as a parse error), a comparison on a JSON key a row lacks is false;
 *   <li>searches take at most 16,384 results ({@code topk}), queries at most 16,384 ({@code offset + limit}), a query
 *       with no expression needs a limit, and a query's rows come ordered by primary key (bytes of UTF-8), as a
 *       Milvus query iterator relies on;
 *   <li>scores: {@code COSINE} the cosine similarity, {@code IP} the dot product, {@code L2} the <em>squared</em>
 *       Euclidean distance (ascending), as floats;
 *   <li>a request may be at most 64 MiB (a default proxy's {@code serverMaxRecvSize}); a database must exist
 *       before a client names it.
 * </ul>
 *
 * <p>What it does not do: approximate indexes, segments, consistency levels and timestamps (every write is visible
 * at once), partitions, dynamic fields, nullable fields, expression templates, or any type other than {@code
 * VARCHAR}, {@code INT64}, {@code BOOL}, {@code DOUBLE}, {@code FLOAT_VECTOR}, {@code ARRAY} and {@code JSON}.
 *
 * <p>For failure tests it can refuse every call without a given token ({@link #requireToken}), fail the n-th next
 * call of an RPC with a gRPC status ({@link #failCall}) or a Milvus error status ({@link #failWithCode}), or never
 * answer it ({@link #hang}), so that the client's deadline passes; it can speak TLS, with or without client
 * certificates ({@link #start(java.nio.file.Path, java.nio.file.Path, java.nio.file.Path)}). Thread-safe.
 */
final class MilvusTestServer implements AutoCloseable {
  /** The message real Milvus gives with {@code UNAUTHENTICATED}. */
  static final String AUTH_FAILURE = "auth check failure, please check username, password or API key are correct";

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> DBNAME = Metadata.Key.of("dbname", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> DATABASE = Context.key("milvus-test-server-database");
  private static final String DEFAULT_DATABASE = "default";
  private static final int MAX_TOP_K = 16_384;
  private static final int MAX_VARCHAR = 65_535;
  private static final int MAX_CAPACITY = 4_096;
  private static final int MAX_DIMENSION = 32_768;
  private static final int MAX_JSON = 65_536;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Object lock = new Object();
  private final Map<String, Map<String, Collection>> databases = new LinkedHashMap<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(460_000_000_000_000_000L);
  private volatile String token;
  private final Server server;
  private final boolean tls;

  private MilvusTestServer(java.nio.file.Path certificatePem, java.nio.file.Path keyPem,
      java.nio.file.Path clientAuthority) throws IOException {
    databases.put(DEFAULT_DATABASE, new LinkedHashMap<>());
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(new Service(), new Gate()))
        .maxInboundMessageSize(64 << 20); // a default Milvus proxy's proxy.grpc.serverMaxRecvSize
    if (certificatePem != null) {
      var tlsContext = GrpcSslContexts.forServer(certificatePem.toFile(), keyPem.toFile());
      if (clientAuthority != null) {
        tlsContext.trustManager(clientAuthority.toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      builder.sslContext(tlsContext.build());
    }
    server = builder.build().start();
    tls = certificatePem != null;
  }

  /** Starts a double on a free loopback port. */
  static MilvusTestServer start() {
    return start(null, null, null);
  }

  /**
   * Starts a double that speaks TLS with {@code certificatePem} and its (PKCS#8) {@code keyPem}, and, if {@code
   * clientAuthority} is not null, requires a client certificate that chains to it (mutual TLS).
   */
  static MilvusTestServer start(java.nio.file.Path certificatePem, java.nio.file.Path keyPem,
      java.nio.file.Path clientAuthority) {
    try {
      return new MilvusTestServer(certificatePem, keyPem, clientAuthority);
    } catch (IOException e) {
      throw new IllegalStateException("could not start the Milvus test double", e);
    }
  }

  /** The address to give the client: {@code http://127.0.0.1:PORT}, or {@code https://localhost:PORT} with TLS. */
  String uri() {
    return tls ? "https://localhost:" + server.getPort() : "http://127.0.0.1:" + server.getPort();
  }

  /** Refuses every call whose token (or {@code user:password}) is not {@code token}; null accepts any. */
  void requireToken(String token) {
    this.token = token;
  }

  /** The {@code skip}+1-th next call of {@code rpc} (for example {@code "Upsert"}) fails with a gRPC status. */
  void failCall(String rpc, int skip, io.milvus.shaded.io.grpc.Status status) {
    fault(rpc, new Fault(skip, status, null, false));
  }

  /** The {@code skip}+1-th next call of {@code rpc} answers with a Milvus error status of {@code code}. */
  void failWithCode(String rpc, int skip, int code, String reason) {
    fault(rpc, new Fault(skip, null, status(code, reason), false));
  }

  /** The {@code skip}+1-th next call of {@code rpc} is never answered: the client's deadline passes. */
  void hang(String rpc, int skip) {
    fault(rpc, new Fault(skip, null, null, true));
  }

  /** How many calls of {@code rpc} arrived (refused ones included). */
  int calls(String rpc) {
    AtomicInteger count = calls.get(rpc);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void fault(String rpc, Fault fault) {
    faults.computeIfAbsent(rpc, k -> new ArrayDeque<>());
    synchronized (faults.get(rpc)) {
      faults.get(rpc).add(fault);
    }
  }

  private Fault due(String rpc) {
    Deque<Fault> queue = faults.get(rpc);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      Fault next = queue.peek();
      if (next == null) {
        return null;
      }
      if (next.skip.getAndDecrement() > 0) {
        return null;
      }
      return queue.poll();
    }
  }

  private record Fault(AtomicInteger skip, io.milvus.shaded.io.grpc.Status grpc, io.milvus.grpc.Status milvus,
      boolean hang) {
    Fault(int skip, io.milvus.shaded.io.grpc.Status grpc, io.milvus.grpc.Status milvus, boolean hang) {
      this(new AtomicInteger(skip), grpc, milvus, hang);
    }
  }

  /** Authentication, fault injection and the {@code dbname} header, before any call reaches the service. */
  private final class Gate implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      String rpc = call.getMethodDescriptor().getBareMethodName();
      calls.computeIfAbsent(rpc, k -> new AtomicInteger()).incrementAndGet();
      String required = token;
      if (required != null && !authorized(headers.get(AUTHORIZATION), required)) {
        call.close(io.milvus.shaded.io.grpc.Status.UNAUTHENTICATED.withDescription(AUTH_FAILURE), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      Fault fault = due(rpc);
      if (fault != null) {
        if (fault.grpc() != null) {
          call.close(fault.grpc(), new Metadata());
        } else if (fault.milvus() != null) {
          answerWith(call, fault.milvus());
        }
        // a hang: the call is left open until the client gives up on it
        return new ServerCall.Listener<>() {};
      }
      Context context = Context.current().withValue(DATABASE, headers.get(DBNAME));
      return Contexts.interceptCall(context, call, headers, next);
    }

    private boolean authorized(String header, String required) {
      if (header == null) {
        return false;
      }
      try {
        return new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8).equals(required);
      } catch (IllegalArgumentException notBase64) {
        return false;
      }
    }

    /** Answers {@code call} with its response type carrying {@code status}. */
    @SuppressWarnings("unchecked")
    private <R> void answerWith(ServerCall<?, R> call, io.milvus.grpc.Status status) {
      MethodDescriptor.Marshaller<R> marshaller = call.getMethodDescriptor().getResponseMarshaller();
      Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<R>) marshaller).getMessagePrototype();
      Message response;
      if (prototype instanceof io.milvus.grpc.Status) {
        response = status;
      } else {
        Descriptors.FieldDescriptor field = prototype.getDescriptorForType().findFieldByName("status");
        response = prototype.toBuilder().setField(field, status).build();
      }
      call.sendHeaders(new Metadata());
      call.sendMessage((R) response);
      call.close(io.milvus.shaded.io.grpc.Status.OK, new Metadata());
    }
  }

  /** A Milvus error: answered as an error status with {@code code}. */
  private static final class MilvusError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    MilvusError(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** An error status as Milvus 2.3+ sends it: the code, and the deprecated legacy code that the SDK still reads. */
  @SuppressWarnings("deprecation")
  private static io.milvus.grpc.Status status(int code, String reason) {
    io.milvus.grpc.ErrorCode legacy = switch (code) {
      case 0 -> io.milvus.grpc.ErrorCode.Success;
      case 100 -> io.milvus.grpc.ErrorCode.CollectionNotExists;
      case 700 -> io.milvus.grpc.ErrorCode.IndexNotExist;
      case 1100, 1101 -> io.milvus.grpc.ErrorCode.IllegalArgument;
      case 8 -> io.milvus.grpc.ErrorCode.RateLimit;
      case 1 -> io.milvus.grpc.ErrorCode.NotReadyServe;
      default -> io.milvus.grpc.ErrorCode.UnexpectedError;
    };
    return io.milvus.grpc.Status.newBuilder().setCode(code).setErrorCode(legacy).setReason(reason)
        .setRetriable(java.util.Set.of(1, 2, 4, 8, 12, 103, 106).contains(code)).build();
  }

  private static final io.milvus.grpc.Status OK = io.milvus.grpc.Status.newBuilder().build();

  /** One collection: its schema, indexes, load state and rows (field name to value) by primary key. */
  private final class Collection {
    final String database;
    final String name;
    final long id = ids.incrementAndGet();
    final long created = System.currentTimeMillis();
    final CollectionSchema schema;
    final int consistency;
    final Map<String, IndexDescription> indexes = new LinkedHashMap<>();
    final TreeMap<String, Map<String, Object>> rows = new TreeMap<>(MilvusTestExpression::utf8Compare);
    boolean loaded;

    Collection(String database, String name, CollectionSchema schema, int consistency) {
      this.database = database;
      this.name = name;
      this.schema = schema;
      this.consistency = consistency;
    }

    FieldSchema field(String fieldName) {
      for (FieldSchema f : schema.getFieldsList()) {
        if (f.getName().equals(fieldName)) {
          return f;
        }
      }
      return null;
    }

    FieldSchema primary() {
      return schema.getFieldsList().stream().filter(FieldSchema::getIsPrimaryKey).findFirst().orElseThrow();
    }

    MilvusTestExpression.Predicate parse(String expression) {
      try {
        return MilvusTestExpression.parse(expression, fieldName -> {
          FieldSchema f = field(fieldName);
          return f == null ? null : new MilvusTestExpression.FieldType(f.getDataType(), f.getElementType());
        });
      } catch (MilvusTestExpression.ParseException e) {
        throw new MilvusError(1100, "failed to create query plan: " + e.getMessage());
      }
    }

    void requireLoaded() {
      if (!loaded) {
        throw new MilvusError(101, "collection not loaded[collection=" + id + "]");
      }
    }
  }

  private String database(String requested) {
    String name = requested != null && !requested.isEmpty() ? requested : DATABASE.get();
    name = name == null || name.isEmpty() ? DEFAULT_DATABASE : name;
    if (!databases.containsKey(name)) {
      throw new MilvusError(800, "database not found[database=" + name + "]");
    }
    return name;
  }

  private Collection collection(String database, String name) {
    String db = database(database);
    Collection c = databases.get(db).get(name);
    if (c == null) {
      throw new MilvusError(100, "collection not found[database=" + db + "][collection=" + name + "]");
    }
    return c;
  }

  private static String param(List<KeyValuePair> params, String key) {
    for (KeyValuePair p : params) {
      if (p.getKey().equals(key)) {
        return p.getValue();
      }
    }
    return null;
  }

  private static int typeParam(FieldSchema field, String key) {
    String value = param(field.getTypeParamsList(), key);
    if (value == null) {
      throw new MilvusError(1100, "type param(" + key + ") should be specified for the field(" + field.getName() + ")");
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new MilvusError(1100, "the value of " + key + " must be an integer, was " + value);
    }
  }

  /** The service: each call runs under the server's lock and answers errors as Milvus statuses. */
  private final class Service extends MilvusServiceGrpc.MilvusServiceImplBase {
    private <T> void answer(StreamObserver<T> observer, Supplier<T> body, Function<io.milvus.grpc.Status, T> failed) {
      T response;
      try {
        synchronized (lock) {
          response = body.get();
        }
      } catch (MilvusError e) {
        response = failed.apply(status(e.code, e.getMessage()));
      }
      observer.onNext(response);
      observer.onCompleted();
    }

    @Override
    public void connect(ConnectRequest request, StreamObserver<ConnectResponse> observer) {
      answer(observer, () -> ConnectResponse.newBuilder().setStatus(OK).setIdentifier(ids.incrementAndGet())
          .setServerInfo(ServerInfo.newBuilder().setBuildTags("quarry-milvus-test-double").setDeployMode("DOUBLE"))
          .build(), s -> ConnectResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void listDatabases(ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> observer) {
      answer(observer, () -> ListDatabasesResponse.newBuilder().setStatus(OK).addAllDbNames(databases.keySet())
          .build(), s -> ListDatabasesResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void createDatabase(CreateDatabaseRequest request, StreamObserver<io.milvus.grpc.Status> observer) {
      answer(observer, () -> {
        databases.putIfAbsent(request.getDbName(), new LinkedHashMap<>());
        return OK;
      }, s -> s);
    }

    @Override
    public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> observer) {
      answer(observer, () -> BoolResponse.newBuilder().setStatus(OK)
          .setValue(databases.get(database(request.getDbName())).containsKey(request.getCollectionName())).build(),
          s -> BoolResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void createCollection(CreateCollectionRequest request, StreamObserver<io.milvus.grpc.Status> observer) {
      answer(observer, () -> {
        String db = database(request.getDbName());
        CollectionSchema schema;
        try {
          schema = CollectionSchema.parseFrom(request.getSchema());
        } catch (InvalidProtocolBufferException e) {
          throw new MilvusError(1100, "invalid collection schema: " + e.getMessage());
        }
        String name = request.getCollectionName();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,254}")) {
          throw new MilvusError(1100, "Invalid collection name: " + name);
        }
        CollectionSchema checked = checkSchema(name, schema);
        Collection existing = databases.get(db).get(name);
        if (existing != null) {
          if (!existing.schema.getFieldsList().equals(checked.getFieldsList())) {
            throw new MilvusError(1100, "create duplicate collection with different parameters, collection: " + name);
          }
          return OK;
        }
        databases.get(db).put(name, new Collection(db, name, checked, request.getConsistencyLevelValue()));
        return OK;
      }, s -> s);
    }

    private CollectionSchema checkSchema(String name, CollectionSchema schema) {
      CollectionSchema.Builder checked = schema.toBuilder().setName(name).clearFields();
      int primaries = 0;
      long fieldId = 100;
      for (FieldSchema field : schema.getFieldsList()) {
        switch (field.getDataType()) {
          case VarChar -> {
            int max = typeParam(field, "max_length");
            if (max < 1 || max > MAX_VARCHAR) {
              throw new MilvusError(1100, "the maximum length specified for the field(" + field.getName()
                  + ") should be in (0, 65535], but got " + max);
            }
          }
          case FloatVector -> {
            int dim = typeParam(field, "dim");
            if (dim < 1 || dim > MAX_DIMENSION) {
              throw new MilvusError(1100, "invalid dimension: " + dim + ". should be in range 2 ~ 32768");
            }
          }
          case Array -> {
            int capacity = typeParam(field, "max_capacity");
            if (capacity < 1 || capacity > MAX_CAPACITY) {
              throw new MilvusError(1100, "the maximum capacity specified for a Array should be in (0, 4096], got "
                  + capacity);
            }
            if (field.getElementType() == DataType.VarChar) {
              typeParam(field, "max_length");
            } else if (!List.of(DataType.Int64, DataType.Bool, DataType.Double).contains(field.getElementType())) {
              throw new MilvusError(1100, "the test double has no arrays of " + field.getElementType());
            }
          }
          case JSON, Int64, Bool, Double -> { }
          default -> throw new MilvusError(1100, "the test double has no fields of type " + field.getDataType());
        }
        if (field.getIsPrimaryKey()) {
          primaries++;
          if (field.getDataType() != DataType.VarChar && field.getDataType() != DataType.Int64) {
            throw new MilvusError(1100, "the data type of primary key should be Int64 or VarChar");
          }
        }
        checked.addFields(field.toBuilder().setFieldID(fieldId++));
      }
      if (primaries != 1) {
        throw new MilvusError(1100, "there should be exactly one primary key, found " + primaries);
      }
      return checked.build();
    }

    @Override
    public void dropCollection(DropCollectionRequest request, StreamObserver<io.milvus.grpc.Status> observer) {
      answer(observer, () -> {
        databases.get(database(request.getDbName())).remove(request.getCollectionName());
        return OK;
      }, s -> s);
    }

    @Override
    public void describeCollection(DescribeCollectionRequest request,
        StreamObserver<DescribeCollectionResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        return DescribeCollectionResponse.newBuilder().setStatus(OK).setSchema(c.schema).setCollectionID(c.id)
            .setCollectionName(c.name).setDbName(c.database).setShardsNum(1).setNumPartitions(1)
            .setConsistencyLevelValue(c.consistency).setCreatedTimestamp(c.created << 18)
            .setCreatedUtcTimestamp(c.created).setUpdateTimestamp(c.created << 18)
            .addVirtualChannelNames("by-dev-rootcoord-dml_0_" + c.id + "v0").build();
      }, s -> DescribeCollectionResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void createIndex(CreateIndexRequest request, StreamObserver<io.milvus.grpc.Status> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        FieldSchema field = c.field(request.getFieldName());
        if (field == null) {
          throw new MilvusError(1700, "field not found[field=" + request.getFieldName() + "]");
        }
        List<KeyValuePair> params = new ArrayList<>(request.getExtraParamsList());
        String type = param(params, "index_type");
        if (field.getDataType() == DataType.FloatVector) {
          String metric = param(params, "metric_type");
          if (metric == null) {
            params.add(KeyValuePair.newBuilder().setKey("metric_type").setValue("COSINE").build());
          } else if (!List.of("COSINE", "IP", "L2").contains(metric)) {
            throw new MilvusError(1100, "metric type " + metric + " not found or not supported, supported: [L2 IP"
                + " COSINE]");
          }
          if (type != null && !List.of("AUTOINDEX", "HNSW", "FLAT", "IVF_FLAT").contains(type)) {
            throw new MilvusError(1100, "invalid index type: " + type);
          }
        }
        String indexName = request.getIndexName().isEmpty() ? field.getName() : request.getIndexName();
        IndexDescription index = IndexDescription.newBuilder().setIndexName(indexName)
            .setIndexID(ids.incrementAndGet()).setFieldName(field.getName()).addAllParams(params)
            .setState(IndexState.Finished).build();
        IndexDescription existing = c.indexes.get(field.getName());
        if (existing != null) {
          if (!existing.getParamsList().equals(index.getParamsList())) {
            throw new MilvusError(1100, "at most one distinct index is allowed per field");
          }
          return OK;
        }
        c.indexes.put(field.getName(), index);
        return OK;
      }, s -> s);
    }

    @Override
    public void describeIndex(DescribeIndexRequest request, StreamObserver<DescribeIndexResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        DescribeIndexResponse.Builder answer = DescribeIndexResponse.newBuilder().setStatus(OK);
        for (IndexDescription index : c.indexes.values()) {
          if ((request.getFieldName().isEmpty() || request.getFieldName().equals(index.getFieldName()))
              && (request.getIndexName().isEmpty() || request.getIndexName().equals(index.getIndexName()))) {
            answer.addIndexDescriptions(index.toBuilder().setTotalRows(c.rows.size()).setIndexedRows(c.rows.size()));
          }
        }
        if (answer.getIndexDescriptionsCount() == 0) {
          throw new MilvusError(700, "index not found[collection=" + c.name + "]");
        }
        return answer.build();
      }, s -> DescribeIndexResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void loadCollection(LoadCollectionRequest request, StreamObserver<io.milvus.grpc.Status> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        for (FieldSchema field : c.schema.getFieldsList()) {
          if (field.getDataType() == DataType.FloatVector && !c.indexes.containsKey(field.getName())) {
            throw new MilvusError(700, "there is no vector index on field: [" + field.getName()
                + "], please create index firstly: collection=" + c.name + ": index not found");
          }
        }
        c.loaded = true;
        return OK;
      }, s -> s);
    }

    @Override
    public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        return GetLoadStateResponse.newBuilder().setStatus(OK)
            .setState(c.loaded ? LoadState.LoadStateLoaded : LoadState.LoadStateNotLoad).build();
      }, s -> GetLoadStateResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void getLoadingProgress(GetLoadingProgressRequest request,
        StreamObserver<GetLoadingProgressResponse> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        if (!c.loaded) {
          throw new MilvusError(101, "collection not loaded[collection=" + c.id + "]");
        }
        return GetLoadingProgressResponse.newBuilder().setStatus(OK).setProgress(100).setRefreshProgress(100).build();
      }, s -> GetLoadingProgressResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void upsert(io.milvus.grpc.UpsertRequest request, StreamObserver<MutationResult> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        List<Map<String, Object>> rows = rows(c, request.getFieldsDataList(), request.getNumRows());
        String pk = c.primary().getName();
        IDs.Builder upserted = IDs.newBuilder();
        StringArray.Builder keys = StringArray.newBuilder();
        for (Map<String, Object> row : rows) {
          c.rows.put((String) row.get(pk), row); // an upsert replaces the whole entity
          keys.addData((String) row.get(pk));
        }
        upserted.setStrId(keys);
        MutationResult.Builder result = MutationResult.newBuilder().setStatus(OK).setIDs(upserted)
            .setUpsertCnt(rows.size()).setTimestamp(System.currentTimeMillis() << 18);
        for (int i = 0; i < rows.size(); i++) {
          result.addSuccIndex(i);
        }
        return result.build();
      }, s -> MutationResult.newBuilder().setStatus(s).build());
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<MutationResult> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        if (request.getExpr().isBlank()) {
          throw new MilvusError(1100, "delete plan can't be empty or always true : " + request.getExpr());
        }
        MilvusTestExpression.Predicate predicate = c.parse(request.getExpr());
        List<String> removed = new ArrayList<>();
        c.rows.entrySet().removeIf(e -> {
          boolean selected = predicate.test(e.getValue());
          if (selected) {
            removed.add(e.getKey());
          }
          return selected;
        });
        return MutationResult.newBuilder().setStatus(OK).setDeleteCnt(removed.size())
            .setIDs(IDs.newBuilder().setStrId(StringArray.newBuilder().addAllData(removed)))
            .setTimestamp(System.currentTimeMillis() << 18).build();
      }, s -> MutationResult.newBuilder().setStatus(s).build());
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResults> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        c.requireLoaded();
        MilvusTestExpression.Predicate predicate = c.parse(request.getExpr());
        List<String> outputs = request.getOutputFieldsList();
        if (outputs.size() == 1 && outputs.getFirst().equalsIgnoreCase("count(*)")) {
          long count = c.rows.values().stream().filter(predicate::test).count();
          return QueryResults.newBuilder().setStatus(OK).setCollectionName(c.name).addOutputFields("count(*)")
              .addFieldsData(FieldData.newBuilder().setType(DataType.Int64).setFieldName("count(*)")
                  .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(count))))
              .build();
        }
        long limit = number(param(request.getQueryParamsList(), "limit"), -1);
        long offset = number(param(request.getQueryParamsList(), "offset"), 0);
        if (request.getExpr().isBlank() && limit < 0) {
          throw new MilvusError(1100, "empty expression should be used with limit");
        }
        if (limit >= 0 && (limit < 1 || offset < 0 || offset + limit > MAX_TOP_K)) {
          throw new MilvusError(1100, "invalid max query result window, (offset+limit) should be in range [1, 16384],"
              + " but got " + (offset + limit));
        }
        List<FieldSchema> fields = outputFields(c, outputs, true);
        List<Map<String, Object>> selected = new ArrayList<>();
        long skipped = 0;
        for (Map<String, Object> row : c.rows.values()) { // in primary-key order
          if (!predicate.test(row)) {
            continue;
          }
          if (skipped++ < offset) {
            continue;
          }
          if (limit >= 0 && selected.size() >= limit) {
            break;
          }
          selected.add(row);
        }
        QueryResults.Builder answer = QueryResults.newBuilder().setStatus(OK).setCollectionName(c.name)
            .setPrimaryFieldName(c.primary().getName());
        for (FieldSchema field : fields) {
          answer.addOutputFields(field.getName()).addFieldsData(column(field, selected));
        }
        return answer.build();
      }, s -> QueryResults.newBuilder().setStatus(s).build());
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResults> observer) {
      answer(observer, () -> {
        Collection c = collection(request.getDbName(), request.getCollectionName());
        c.requireLoaded();
        List<KeyValuePair> params = request.getSearchParamsList();
        String annsField = param(params, "anns_field");
        FieldSchema vectorField = annsField == null || annsField.isEmpty()
            ? c.schema.getFieldsList().stream().filter(f -> f.getDataType() == DataType.FloatVector).findFirst()
                .orElseThrow(() -> new MilvusError(1100, "the collection has no vector field"))
            : c.field(annsField);
        if (vectorField == null || vectorField.getDataType() != DataType.FloatVector) {
          throw new MilvusError(1700, "field not found[field=" + annsField + "]");
        }
        IndexDescription index = c.indexes.get(vectorField.getName());
        String metric = param(index.getParamsList(), "metric_type");
        String asked = param(params, "metric_type");
        if (asked != null && !asked.isEmpty() && !asked.equals(metric)) {
          throw new MilvusError(1100, "metric type not match: invalid parameter[expected=" + metric + "][actual="
              + asked + "]");
        }
        long topK = number(param(params, "topk"), -1);
        long offset = number(param(params, "offset"), 0);
        if (topK < 1 || topK > MAX_TOP_K) {
          throw new MilvusError(1100, "topk [" + topK + "] is invalid, it should be in range [1, 16384], but got "
              + topK);
        }
        if (offset < 0 || offset + topK > MAX_TOP_K) {
          throw new MilvusError(1100, "(offset+limit) should be in range [1, 16384], but got " + (offset + topK));
        }
        int dim = typeParam(vectorField, "dim");
        List<float[]> queries = queries(request.getPlaceholderGroup(), dim);
        MilvusTestExpression.Predicate predicate = c.parse(request.getDsl());
        List<FieldSchema> outputs = outputFields(c, request.getOutputFieldsList(), false);
        String pk = c.primary().getName();
        SearchResultData.Builder data = SearchResultData.newBuilder().setNumQueries(queries.size()).setTopK(topK)
            .setPrimaryFieldName(pk);
        StringArray.Builder hitIds = StringArray.newBuilder();
        List<Map<String, Object>> hitRows = new ArrayList<>();
        boolean ascending = metric.equals("L2");
        for (float[] query : queries) {
          List<Map.Entry<Float, Map<String, Object>>> scored = new ArrayList<>();
          for (Map<String, Object> row : c.rows.values()) {
            if (predicate.test(row)) {
              scored.add(Map.entry(score(metric, query, (float[]) row.get(vectorField.getName())), row));
            }
          }
          Comparator<Map.Entry<Float, Map<String, Object>>> order = Map.Entry.comparingByKey();
          scored.sort(ascending ? order : order.reversed());
          List<Map.Entry<Float, Map<String, Object>>> page = scored.subList(
              (int) Math.min(offset, scored.size()), (int) Math.min(offset + topK, scored.size()));
          for (Map.Entry<Float, Map<String, Object>> hit : page) {
            data.addScores(hit.getKey());
            hitIds.addData((String) hit.getValue().get(pk));
            hitRows.add(hit.getValue());
          }
          data.addTopks(page.size());
        }
        data.setIds(IDs.newBuilder().setStrId(hitIds));
        for (FieldSchema field : outputs) {
          data.addOutputFields(field.getName()).addFieldsData(column(field, hitRows));
        }
        return SearchResults.newBuilder().setStatus(OK).setCollectionName(c.name).setResults(data).build();
      }, s -> SearchResults.newBuilder().setStatus(s).build());
    }
  }

  private static long number(String value, long otherwise) {
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new MilvusError(1100, "not an integer: " + value);
    }
  }

  private static List<float[]> queries(ByteString placeholders, int dim) {
    PlaceholderGroup group;
    try {
      group = PlaceholderGroup.parseFrom(placeholders);
    } catch (InvalidProtocolBufferException e) {
      throw new MilvusError(1100, "invalid placeholder group: " + e.getMessage());
    }
    List<float[]> queries = new ArrayList<>();
    for (PlaceholderValue value : group.getPlaceholdersList()) {
      if (value.getType() != PlaceholderType.FloatVector) {
        throw new MilvusError(1100, "the test double searches float vectors only, got " + value.getType());
      }
      for (ByteString bytes : value.getValuesList()) {
        ByteBuffer buffer = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] query = new float[buffer.remaining() / 4];
        buffer.asFloatBuffer().get(query);
        if (query.length != dim) {
          throw new MilvusError(1100, "the dimension of the query vector (" + query.length
              + ") is not equal to the dimension of the field (" + dim + ")");
        }
        queries.add(query);
      }
    }
    if (queries.isEmpty()) {
      throw new MilvusError(1100, "no query vector");
    }
    return queries;
  }

  /** The score Milvus gives: cosine similarity, dot product, or the squared L2 distance. */
  private static float score(String metric, float[] query, float[] stored) {
    double dot = 0;
    double queryNorm = 0;
    double storedNorm = 0;
    double squared = 0;
    for (int i = 0; i < query.length; i++) {
      dot += (double) query[i] * stored[i];
      queryNorm += (double) query[i] * query[i];
      storedNorm += (double) stored[i] * stored[i];
      double d = (double) query[i] - stored[i];
      squared += d * d;
    }
    return (float) switch (metric) {
      case "COSINE" -> queryNorm == 0 || storedNorm == 0 ? 0 : dot / Math.sqrt(queryNorm * storedNorm);
      case "IP" -> dot;
      default -> squared;
    };
  }

  private static List<FieldSchema> outputFields(Collection c, List<String> names, boolean withPrimaryKey) {
    Map<String, FieldSchema> fields = new LinkedHashMap<>();
    if (withPrimaryKey) {
      fields.put(c.primary().getName(), c.primary());
    }
    for (String name : names) {
      if (name.equals("*")) {
        c.schema.getFieldsList().forEach(f -> fields.put(f.getName(), f));
        continue;
      }
      FieldSchema field = c.field(name);
      if (field == null) {
        throw new MilvusError(1700, "field " + name + " not exist");
      }
      fields.put(name, field);
    }
    return new ArrayList<>(fields.values());
  }

  /** The rows of an insert or upsert, checked whole against the schema as Milvus checks them. */
  private static List<Map<String, Object>> rows(Collection c, List<FieldData> columns, int numRows) {
    Map<String, FieldData> byName = new HashMap<>();
    for (FieldData column : columns) {
      if (c.field(column.getFieldName()) == null) {
        throw new MilvusError(1100, "the field " + column.getFieldName() + " does not exist in the collection's"
            + " schema (the collection has no dynamic field)");
      }
      byName.put(column.getFieldName(), column);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < numRows; i++) {
      rows.add(new HashMap<>());
    }
    for (FieldSchema field : c.schema.getFieldsList()) {
      FieldData column = byName.get(field.getName());
      if (column == null) {
        throw new MilvusError(1100, "Insert missed an field `" + field.getName() + "` to collection without set"
            + " nullable==true or set default_value");
      }
      List<Object> values = values(field, column);
      if (values.size() != numRows) {
        throw new MilvusError(1100, "the num_rows (" + numRows + ") of field (" + field.getName()
            + ") is not equal to passed num_rows (" + values.size() + ")");
      }
      for (int i = 0; i < numRows; i++) {
        rows.get(i).put(field.getName(), values.get(i));
      }
    }
    return rows;
  }

  private static List<Object> values(FieldSchema field, FieldData column) {
    List<Object> values = new ArrayList<>();
    switch (field.getDataType()) {
      case VarChar -> {
        int max = typeParam(field, "max_length");
        List<String> strings = column.getScalars().getStringData().getDataList();
        for (int i = 0; i < strings.size(); i++) {
          int length = strings.get(i).getBytes(StandardCharsets.UTF_8).length;
          if (length > max) {
            throw new MilvusError(1100, "length of varchar field " + field.getName() + " exceeds max length, row"
                + " number: " + i + ", length: " + length + ", max length: " + max);
          }
          values.add(strings.get(i));
        }
      }
      case Int64 -> values.addAll(column.getScalars().getLongData().getDataList());
      case Bool -> values.addAll(column.getScalars().getBoolData().getDataList());
      case Double -> values.addAll(column.getScalars().getDoubleData().getDataList());
      case FloatVector -> {
        int dim = typeParam(field, "dim");
        VectorField vectors = column.getVectors();
        if (vectors.getDim() != dim) {
          throw new MilvusError(1100, "the dim (" + vectors.getDim() + ") of field data(" + field.getName()
              + ") is not equal to schema dim (" + dim + ")");
        }
        List<Float> data = vectors.getFloatVector().getDataList();
        for (int start = 0; start + dim <= data.size(); start += dim) {
          float[] vector = new float[dim];
          for (int d = 0; d < dim; d++) {
            vector[d] = data.get(start + d);
            if (!Float.isFinite(vector[d])) {
              throw new MilvusError(1100, "float vector field '" + field.getName() + "' has a NaN or infinity");
            }
          }
          values.add(vector);
        }
      }
      case Array -> {
        int capacity = typeParam(field, "max_capacity");
        ArrayArray arrays = column.getScalars().getArrayData();
        for (int i = 0; i < arrays.getDataCount(); i++) {
          ScalarField array = arrays.getData(i);
          List<Object> elements = new ArrayList<>();
          switch (field.getElementType()) {
            case VarChar -> {
              int max = typeParam(field, "max_length");
              for (String s : array.getStringData().getDataList()) {
                if (s.getBytes(StandardCharsets.UTF_8).length > max) {
                  throw new MilvusError(1100, "length of Array array field \"" + field.getName() + "\" exceeds max"
                      + " length, row number: " + i + ", array index: " + elements.size() + ", length: "
                      + s.getBytes(StandardCharsets.UTF_8).length + ", max length: " + max);
                }
                elements.add(s);
              }
            }
            case Int64 -> elements.addAll(array.getLongData().getDataList());
            case Bool -> elements.addAll(array.getBoolData().getDataList());
            default -> elements.addAll(array.getDoubleData().getDataList());
          }
          if (elements.size() > capacity) {
            throw new MilvusError(1100, "array length exceeds max capacity, field name: " + field.getName()
                + ", array length: " + elements.size() + ", max capacity: " + capacity);
          }
          values.add(List.copyOf(elements));
        }
      }
      case JSON -> {
        for (ByteString bytes : column.getScalars().getJsonData().getDataList()) {
          if (bytes.size() > MAX_JSON) {
            throw new MilvusError(1100, "the length (" + bytes.size() + ") of json field (" + field.getName()
                + ") exceeds max length (" + MAX_JSON + ")");
          }
          try {
            values.add(new MilvusTestExpression.Json(bytes.toByteArray(), JSON.readValue(bytes.toByteArray(),
                Object.class)));
          } catch (IOException e) {
            throw new MilvusError(1100, "invalid JSON in field " + field.getName() + ": " + e.getMessage());
          }
        }
      }
      default -> throw new MilvusError(1100, "the test double has no fields of type " + field.getDataType());
    }
    return values;
  }

  /** A result column: {@code field} of each of {@code rows}. */
  private static FieldData column(FieldSchema field, List<Map<String, Object>> rows) {
    FieldData.Builder column = FieldData.newBuilder().setType(field.getDataType()).setFieldName(field.getName())
        .setFieldId(field.getFieldID());
    switch (field.getDataType()) {
      case VarChar -> {
        StringArray.Builder strings = StringArray.newBuilder();
        rows.forEach(row -> strings.addData((String) row.get(field.getName())));
        column.setScalars(ScalarField.newBuilder().setStringData(strings));
      }
      case Int64 -> {
        LongArray.Builder longs = LongArray.newBuilder();
        rows.forEach(row -> longs.addData((Long) row.get(field.getName())));
        column.setScalars(ScalarField.newBuilder().setLongData(longs));
      }
      case Bool -> {
        io.milvus.grpc.BoolArray.Builder bools = io.milvus.grpc.BoolArray.newBuilder();
        rows.forEach(row -> bools.addData((Boolean) row.get(field.getName())));
        column.setScalars(ScalarField.newBuilder().setBoolData(bools));
      }
      case Double -> {
        io.milvus.grpc.DoubleArray.Builder doubles = io.milvus.grpc.DoubleArray.newBuilder();
        rows.forEach(row -> doubles.addData((Double) row.get(field.getName())));
        column.setScalars(ScalarField.newBuilder().setDoubleData(doubles));
      }
      case FloatVector -> {
        int dim = typeParam(field, "dim");
        FloatArray.Builder floats = FloatArray.newBuilder();
        for (Map<String, Object> row : rows) {
          for (float f : (float[]) row.get(field.getName())) {
            floats.addData(f);
          }
        }
        column.setVectors(VectorField.newBuilder().setDim(dim).setFloatVector(floats));
      }
      case Array -> {
        ArrayArray.Builder arrays = ArrayArray.newBuilder().setElementType(field.getElementType());
        for (Map<String, Object> row : rows) {
          List<?> elements = (List<?>) row.get(field.getName());
          ScalarField.Builder array = ScalarField.newBuilder();
          switch (field.getElementType()) {
            case VarChar -> array.setStringData(StringArray.newBuilder().addAllData(
                elements.stream().map(String.class::cast).toList()));
            case Int64 -> array.setLongData(LongArray.newBuilder().addAllData(
                elements.stream().map(Long.class::cast).toList()));
            case Bool -> array.setBoolData(io.milvus.grpc.BoolArray.newBuilder().addAllData(
                elements.stream().map(Boolean.class::cast).toList()));
            default -> array.setDoubleData(io.milvus.grpc.DoubleArray.newBuilder().addAllData(
                elements.stream().map(Double.class::cast).toList()));
          }
          arrays.addData(array);
        }
        column.setScalars(ScalarField.newBuilder().setArrayData(arrays));
      }
      case JSON -> {
        JSONArray.Builder json = JSONArray.newBuilder();
        rows.forEach(row -> json.addData(ByteString.copyFrom(((MilvusTestExpression.Json) row.get(field.getName()))
            .raw())));
        column.setScalars(ScalarField.newBuilder().setJsonData(json));
      }
      default -> throw new MilvusError(1100, "the test double has no fields of type " + field.getDataType());
    }
    return column.build();
  }
}
