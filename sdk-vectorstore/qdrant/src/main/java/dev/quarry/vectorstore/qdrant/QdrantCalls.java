package dev.quarry.vectorstore.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ExecutionException;

/**
 * Waits for the Qdrant client's futures and turns their failures into Quarry's exceptions with the server's message:
 * {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED}, {@code ABORTED} and {@code INTERNAL}
 * (a broken connection) are {@link RetriableException}s; authentication, a missing collection and requests the
 * server refuses are {@link NonRetriableException}s.
 */
final class QdrantCalls {
  private QdrantCalls() {}

  static <T> T await(ListenableFuture<T> call, String what) {
    try {
      return call.get();
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new RetriableException("interrupted while waiting for Qdrant (" + what + ")", e);
    } catch (ExecutionException e) {
      throw failure(e.getCause(), what);
    }
  }

  static RuntimeException failure(Throwable cause, String what) {
    if (cause instanceof StatusRuntimeException status) {
      Status s = status.getStatus();
      String message = "Qdrant refused " + what + " (" + s.getCode() + ")"
          + (s.getDescription() == null ? "" : ": " + s.getDescription());
      return switch (s.getCode()) {
        case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, CANCELLED ->
            new RetriableException(message, cause);
        case UNAUTHENTICATED, PERMISSION_DENIED -> new NonRetriableException(message + "; check the API key", cause);
        default -> new NonRetriableException(message, cause);
      };
    }
    return new NonRetriableException("Qdrant client failed in " + what + ": " + cause, cause);
  }
}
