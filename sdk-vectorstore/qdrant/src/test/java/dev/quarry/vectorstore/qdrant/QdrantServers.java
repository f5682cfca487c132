package dev.quarry.vectorstore.qdrant;

import io.qdrant.client.QdrantGrpcClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;

/**
 * Where the Qdrant tests run: against the real server {@code QUARRY_QDRANT_URL} names (its gRPC port, for example
 * {@code http://localhost:6334}, with {@code QUARRY_QDRANT_API_KEY} if it needs one), or else against the {@link
 * QdrantTestServer} test double, in-process. No Qdrant server runs on the machines CI uses.
 */
final class QdrantServers {
  private static QdrantGrpcClient doubleClient;

  private QdrantServers() {}

  /** The real server's address, if one is configured. */
  static Optional<URI> real() {
    return Optional.ofNullable(System.getenv("QUARRY_QDRANT_URL")).filter(u -> !u.isBlank()).map(URI::create);
  }

  /** A store builder on the real server if configured, else on the shared test double. */
  static QdrantVectorStore.Builder builder(int dimension) {
    Optional<URI> real = real();
    if (real.isPresent()) {
      QdrantVectorStore.Builder builder = QdrantVectorStore.builder(real.get(), dimension);
      Optional.ofNullable(System.getenv("QUARRY_QDRANT_API_KEY")).filter(k -> !k.isBlank())
          .ifPresent(builder::apiKey);
      return builder;
    }
    return QdrantVectorStore.builder(sharedDouble(), dimension);
  }

  /** A collection name no other test (or earlier run) uses. */
  static String freshCollection(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  }

  /** One client on one test double for the whole test run (stores on a caller's client leave it open). */
  private static synchronized QdrantGrpcClient sharedDouble() {
    if (doubleClient == null) {
      try {
        doubleClient = new QdrantTestServer().client().build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return doubleClient;
  }
}
