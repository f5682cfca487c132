package dev.quarry.vectorstore.milvus;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import io.milvus.shaded.io.grpc.Status;
import io.milvus.shaded.io.grpc.StatusRuntimeException;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Milvus SDK's v2 client for one store, with every failure turned into Quarry's exceptions carrying the
 * server's own message. The SDK's own retries are off (a failure reaches the caller at once, to retry with its own
 * policy), and:
 *
 * <ul>
 *   <li>gRPC {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED}, {@code ABORTED}, {@code
 *       CANCELLED} and {@code INTERNAL} (the server unreachable, too slow, overloaded, or a stream broken part way)
 *       are {@link RetriableException}s; {@code UNAUTHENTICATED} and {@code PERMISSION_DENIED}, and any other gRPC
 *       code, are {@link NonRetriableException}s;
 *   <li>an error status in a Milvus answer is retriable for the codes Milvus itself marks retriable (service not
 *       ready or unavailable, too many requests, rate limit, resources short, a collection still loading or
 *       recovering, a stalled or misrouted channel, an interrupted read) and the timeouts, and not retriable
 *       otherwise (a missing collection or database, an invalid parameter or expression, authentication, quota);
 *   <li>a request the SDK itself refuses is not retriable.
 * </ul>
 *
 * <p>Thread-safe, as the SDK's client is.
 */
final class MilvusCalls implements AutoCloseable {
  /** Milvus error codes ({@code merr}) the server marks retriable, and its timeout and cancellation codes. */
  private static final Set<Integer> RETRIABLE_CODES =
      Set.of(1, 2, 4, 8, 12, 103, 106, 110, 202, 305, 505, 507, 1002, 1003, 1807, 10000, 10001);
  /** Milvus error codes about who is asking: not authenticated, not permitted, must authenticate. */
  private static final Set<Integer> AUTH_CODES = Set.of(1400, 1401, 1800);
  /** The legacy error codes (before Milvus 2.3) that mean "try again": rate limit, not ready to serve. */
  private static final Set<Integer> RETRIABLE_LEGACY_CODES = Set.of(49, 56);
  private static final Set<Status.Code> RETRIABLE_GRPC = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
      Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.CANCELLED, Status.Code.INTERNAL);

  private final MilvusClientV2 client;
  private final String endpoint;
  private volatile boolean closed;

  private MilvusCalls(MilvusClientV2 client, String endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  /** A client connected with {@code config}; {@code endpoint} names the server in messages (no credentials). */
  static MilvusCalls connect(ConnectConfig config, String endpoint) {
    MilvusClientV2 client;
    try {
      client = new MilvusClientV2(config);
    } catch (RuntimeException e) {
      String database = config.getDbName();
      if (database != null && e instanceof IllegalArgumentException && String.valueOf(e.getMessage())
          .startsWith("Database ")) {
        throw new NonRetriableException("Milvus at " + endpoint + " has no database '" + database + "'", e);
      }
      throw failure(endpoint, "the connection", e);
    }
    client.retryConfig(RetryConfig.builder().maxRetryTimes(1).retryOnRateLimit(false).build());
    return new MilvusCalls(client, endpoint);
  }

  /** The server's address, for messages. */
  String endpoint() {
    return endpoint;
  }

  /** {@code call} on the client; {@code what} says what it does, for messages ("a search"). */
  <T> T call(String what, Function<MilvusClientV2, T> call) {
    if (closed) {
      throw new IllegalStateException("the Milvus store was closed; build a new one for " + what);
    }
    try {
      return call.apply(client);
    } catch (RuntimeException e) {
      throw failure(endpoint, what, e);
    }
  }

  /** {@code call} on the client, for calls that answer nothing. */
  void run(String what, java.util.function.Consumer<MilvusClientV2> call) {
    call(what, c -> {
      call.accept(c);
      return null;
    });
  }

  @Override
  public void close() {
    closed = true;
    try {
      client.close(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code e}, thrown by the SDK while doing {@code what}, as a Quarry exception. */
  static QuarryException failure(String endpoint, String what, RuntimeException e) {
    if (e instanceof QuarryException quarry) {
      return quarry;
    }
    StatusRuntimeException grpc = grpcCause(e);
    if (grpc != null) {
      Status status = grpc.getStatus();
      String description = status.getDescription() == null ? "" : ": " + status.getDescription();
      if (RETRIABLE_GRPC.contains(status.getCode())) {
        return new RetriableException("Milvus at " + endpoint + " did not answer " + what + " (gRPC "
            + status.getCode() + description + ")", e);
      }
      String message = "Milvus at " + endpoint + " refused " + what + " (gRPC " + status.getCode() + ")" + description;
      if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
        return new NonRetriableException(message + "; check the token, or the user name and password", e);
      }
      return new NonRetriableException(message, e);
    }
    if (e instanceof MilvusClientException m) {
      if (m.getErrorCode() == ErrorCode.SERVER_ERROR && m.getServerErrCode() == 0 && m.getLegacyServerCode() == 0) {
        // a failure the SDK reports itself, such as a collection that did not finish loading in time
        String message = "Milvus at " + endpoint + " did not finish " + what + ": " + m.getMessage();
        return String.valueOf(m.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout")
            ? new RetriableException(message, e) : new NonRetriableException(message, e);
      }
      if (m.getErrorCode() == ErrorCode.SERVER_ERROR) {
        int code = m.getServerErrCode() != 0 ? m.getServerErrCode() : m.getLegacyServerCode();
        String message = "Milvus at " + endpoint + " refused " + what + " (code " + code + "): " + m.getMessage();
        if (RETRIABLE_CODES.contains(m.getServerErrCode()) || (m.getServerErrCode() == 0
            && RETRIABLE_LEGACY_CODES.contains(m.getLegacyServerCode()))) {
          return new RetriableException(message, e);
        }
        if (AUTH_CODES.contains(code)) {
          return new NonRetriableException(message + "; check the token, or the user name and password", e);
        }
        return new NonRetriableException(message, e);
      }
      if (m.getErrorCode() == ErrorCode.TIMEOUT) {
        return new RetriableException("Milvus at " + endpoint + " did not finish " + what + " in time: "
            + m.getMessage(), e);
      }
      if (m.getErrorCode() == ErrorCode.COLLECTION_NOT_FOUND) {
        return new NonRetriableException("Milvus at " + endpoint + " refused " + what + ": " + m.getMessage(), e);
      }
    }
    Throwable cause = e.getCause() != null && e instanceof MilvusClientException ? e.getCause() : e;
    return new NonRetriableException("the Milvus client refused " + what + " for " + endpoint + ": " + cause, e);
  }

  private static StatusRuntimeException grpcCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc;
      }
    }
    return null;
  }

  /** Milliseconds of {@code timeout}, at least 1. */
  static long millis(java.time.Duration timeout) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout.toNanos()));
  }
}
