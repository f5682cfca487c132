package dev.quarry.examples.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.vectorstore.chroma.ChromaVectorStore;
import dev.quarry.vectorstore.milvus.MilvusVectorStore;
import dev.quarry.vectorstore.pgvector.PgVectorStore;
import dev.quarry.vectorstore.qdrant.QdrantVectorStore;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The vector databases {@code --store} can name, each through its Quarry adapter; secrets come from environment
 * variables, never from the URL:
 *
 * <ul>
 *   <li>{@code postgresql://[user@]host[:5432]/database[?table=quarry_chunks&pool=2&sslmode=...]} (also with
 *       {@code jdbc:}): pgvector; the password from {@code PGPASSWORD}; {@code pool}: connections (2); other query
 *       parameters go to the JDBC driver;
 *   <li>{@code chroma://host[:8000]/collection[?tls=true&tenant=...&database=...]}: Chroma; a token from {@code
 *       CHROMA_TOKEN};
 *   <li>{@code qdrant://host[:6334]/collection[?tls=true]}: Qdrant's gRPC port; an API key from {@code
 *       QDRANT_API_KEY};
 *   <li>{@code milvus://host[:19530]/collection[?tls=true&database=...]}: Milvus; a token from {@code MILVUS_TOKEN}.
 * </ul>
 */
final class ServerStores {
  private ServerStores() {}

  /** {@code uri} if it names a host and a collection (or database), else an error saying what is missing. */
  static URI check(URI uri) {
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new IllegalArgumentException("--store " + withoutSecrets(uri) + ": a server URL needs a host and a "
          + (uri.getScheme().equals("postgresql") ? "database" : "collection") + ", as in " + uri.getScheme()
          + "://localhost/" + (uri.getScheme().equals("postgresql") ? "app" : "docs"));
    }
    if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
      throw new IllegalArgumentException("--store: put no password in the URL (it would show in the process list);"
          + " set PGPASSWORD instead");
    }
    return uri;
  }

  /** A folder name for the keyword index of the store at {@code uri}. */
  static String folderName(URI uri) {
    String name = uri.getScheme() + "-" + uri.getHost() + "-" + port(uri) + uri.getPath().replace('/', '-')
        + parameters(uri).getOrDefault("table", "");
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  static String withoutSecrets(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + port(uri) + uri.getPath();
  }

  /** Makes the store for the model's dimension; {@code create}: make the collection or table if missing. */
  static IntFunction<VectorStore> factory(URI uri, Environment environment, boolean create) {
    Map<String, String> parameters = parameters(uri);
    boolean tls = Boolean.parseBoolean(parameters.getOrDefault("tls", "false"));
    String name = uri.getPath().substring(1);
    return switch (uri.getScheme()) {
      case "chroma" -> dimension -> {
        ChromaVectorStore.Builder b = ChromaVectorStore.builder(http(uri, tls), dimension).collection(name)
            .createIfMissing(create);
        if (parameters.containsKey("tenant") || parameters.containsKey("database")) {
          b.tenantAndDatabase(parameters.getOrDefault("tenant", "default_tenant"),
              parameters.getOrDefault("database", "default_database"));
        }
        environment.nonBlank("CHROMA_TOKEN").ifPresent(b::apiKey);
        return b.build();
      };
      case "qdrant" -> dimension -> {
        QdrantVectorStore.Builder b = QdrantVectorStore.builder(http(uri, tls), dimension).collection(name)
            .createIfMissing(create);
        environment.nonBlank("QDRANT_API_KEY").ifPresent(b::apiKey);
        return b.build();
      };
      case "milvus" -> dimension -> {
        MilvusVectorStore.Builder b = MilvusVectorStore.builder(http(uri, tls), dimension).collection(name)
            .createIfMissing(create);
        if (parameters.containsKey("database")) {
          b.database(parameters.get("database"));
        }
        environment.nonBlank("MILVUS_TOKEN").ifPresent(b::token);
        return b.build();
      };
      case "postgresql" -> dimension -> pgvector(uri, name, parameters, environment, dimension, create);
      default -> throw new IllegalArgumentException("--store: no adapter for " + uri.getScheme());
    };
  }

  private static VectorStore pgvector(URI uri, String database, Map<String, String> parameters,
      Environment environment, int dimension, boolean create) {
    Map<String, String> driver = new LinkedHashMap<>(parameters);
    String table = driver.remove("table");
    String poolSize = driver.remove("pool");
    StringBuilder url = new StringBuilder("jdbc:postgresql://" + uri.getHost() + ":" + port(uri) + "/" + database);
    char separator = '?';
    for (Map.Entry<String, String> p : driver.entrySet()) {
      url.append(separator).append(p.getKey()).append('=').append(p.getValue());
      separator = '&';
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.toString());
    if (uri.getUserInfo() != null) {
      config.setUsername(uri.getUserInfo());
    }
    environment.nonBlank("PGPASSWORD").ifPresent(config::setPassword);
    config.setMaximumPoolSize(poolSize == null ? 2 : positive(poolSize, "pool"));
    HikariDataSource pool = new HikariDataSource(config);
    try {
      PgVectorStore.Builder b = PgVectorStore.builder(pool, dimension).createIfMissing(create);
      if (table != null) {
        b.table(table);
      }
      return new PoolClosingStore(b.build(), pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static int positive(String value, String name) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException("--store: " + name + " must be a positive whole number, was '" + value + "'");
  }

  private static URI http(URI uri, boolean tls) {
    return URI.create((tls ? "https" : "http") + "://" + uri.getHost() + ":" + port(uri));
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return switch (uri.getScheme()) {
      case "postgresql" -> 5432;
      case "chroma" -> 8000;
      case "qdrant" -> 6334;
      case "milvus" -> 19530;
      default -> -1;
    };
  }

  private static Map<String, String> parameters(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (uri.getQuery() != null) {
      for (String pair : uri.getQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return parameters;
  }

  /** A pgvector store that closes the pool the CLI made for it. */
  private record PoolClosingStore(PgVectorStore store, HikariDataSource pool) implements VectorStore, AutoCloseable {
    @Override
    public int dimension() {
      return store.dimension();
    }

    @Override
    public void upsert(List<VectorRecord> records) {
      store.upsert(records);
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
      return store.search(request);
    }

    @Override
    public List<VectorRecord> get(Collection<String> ids) {
      return store.get(ids);
    }

    @Override
    public int delete(Collection<String> ids) {
      return store.delete(ids);
    }

    @Override
    public int deleteWhere(Filter filter) {
      return store.deleteWhere(filter);
    }

    @Override
    public long count() {
      return store.count();
    }

    @Override
    public void close() {
      pool.close();
    }
  }
}
