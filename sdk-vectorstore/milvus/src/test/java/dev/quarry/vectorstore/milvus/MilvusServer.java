package dev.quarry.vectorstore.milvus;

import java.util.Optional;

/**
 * The Milvus server the tests use: the real one {@code QUARRY_MILVUS_URI} names (with {@code QUARRY_MILVUS_TOKEN}
 * if it needs one), or else one {@link MilvusTestServer} test double shared by the test classes of this JVM. The
 * same tests run against either; those that need to make a server fail ({@link MilvusFailuresTest}) always start
 * their own double.
 */
final class MilvusServer {
  static final String URI_VARIABLE = "QUARRY_MILVUS_URI";
  static final String TOKEN_VARIABLE = "QUARRY_MILVUS_TOKEN";

  private static MilvusTestServer shared;

  private MilvusServer() {}

  /** Whether the tests run against a real server. */
  static boolean real() {
    return variable(URI_VARIABLE).isPresent();
  }

  /** The server's address. */
  static synchronized String uri() {
    Optional<String> real = variable(URI_VARIABLE);
    if (real.isPresent()) {
      return real.get();
    }
    if (shared == null) {
      MilvusTestServer started = MilvusTestServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      shared = started;
    }
    return shared.uri();
  }

  /** The token the server needs, if any. */
  static Optional<String> token() {
    return variable(TOKEN_VARIABLE);
  }

  /** A builder on the test server, with its token. */
  static MilvusVectorStore.Builder builder(int dimension) {
    MilvusVectorStore.Builder builder = MilvusVectorStore.builder(uri(), dimension);
    token().ifPresent(builder::token);
    return builder;
  }

  /** A collection name no other test (or earlier run) uses. */
  static String freshCollection(String prefix) {
    return prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
  }

  private static Optional<String> variable(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
