package dev.quarry.spring.boot;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.store.VectorStore;
import dev.quarry.vectorstore.chroma.ChromaVectorStore;
import dev.quarry.vectorstore.milvus.MilvusVectorStore;
import dev.quarry.vectorstore.pgvector.PgVectorStore;
import dev.quarry.vectorstore.qdrant.QdrantVectorStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A vector database as the context's {@link VectorStore}, when the application has the adapter's module on its
 * class path and sets its URL: {@code quarry.store.pgvector.url}, {@code quarry.store.chroma.url}, {@code
 * quarry.store.qdrant.url} or {@code quarry.store.milvus.url}. At most one may be set. Runs before {@link
 * QuarryAutoConfiguration}, whose embedded store then stands aside; an application's own {@code VectorStore} bean
 * wins over both. The store is closed on shutdown (gRPC channels, the pgvector pool after its store).
 */
@AutoConfiguration(before = QuarryAutoConfiguration.class)
@EnableConfigurationProperties(QuarryProperties.class)
public class QuarryStoreAutoConfiguration {

  /** The URL properties that are set, in the order pgvector, Chroma, Qdrant, Milvus. */
  static List<String> serverUrlsSet(QuarryProperties.Store store) {
    List<String> set = new ArrayList<>();
    Map<String, Object> urls = new LinkedHashMap<>();
    urls.put("pgvector", store.getPgvector().getUrl());
    urls.put("chroma", store.getChroma().getUrl());
    urls.put("qdrant", store.getQdrant().getUrl());
    urls.put("milvus", store.getMilvus().getUrl());
    urls.forEach((server, url) -> {
      if (OnStoreUrlCondition.isSet(url)) {
        set.add(OnStoreUrlCondition.property(server));
      }
    });
    return set;
  }

  /** Refuses a second adapter URL, so that the store used is never a matter of configuration order. */
  static void requireOneServer(QuarryProperties properties) {
    List<String> set = serverUrlsSet(properties.getStore());
    if (set.size() > 1) {
      throw new IllegalStateException("set at most one vector database; " + String.join(" and ", set)
          + " are all set");
    }
  }

  /** pgvector through a connection pool of its own (HikariCP). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({PgVectorStore.class, HikariDataSource.class})
  @ConditionalOnStoreUrl("pgvector")
  static class PgVector {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(VectorStore.class)
    PgVectorPool quarryPgVectorPool(QuarryProperties properties) {
      requireOneServer(properties);
      QuarryProperties.Pgvector pgvector = properties.getStore().getPgvector();
      if (pgvector.getPoolSize() < 1) {
        throw new IllegalStateException("quarry.store.pgvector.pool-size must be at least 1, was "
            + pgvector.getPoolSize());
      }
      HikariConfig config = new HikariConfig();
      config.setPoolName("quarry-pgvector");
      config.setJdbcUrl(pgvector.getUrl());
      config.setUsername(pgvector.getUsername());
      config.setPassword(pgvector.getPassword());
      config.setMaximumPoolSize(pgvector.getPoolSize());
      config.setMinimumIdle(0);
      return new PgVectorPool(new HikariDataSource(config));
    }

    @Bean
    @ConditionalOnMissingBean(VectorStore.class)
    PgVectorStore quarryVectorStore(QuarryProperties properties, EmbeddingModel model, PgVectorPool pool) {
      QuarryProperties.Pgvector pgvector = properties.getStore().getPgvector();
      return PgVectorStore.builder(pool.dataSource(), model.dimension()).table(pgvector.getTable())
          .hnswIndex(pgvector.isHnswIndex()).createIfMissing(pgvector.isCreateIfMissing()).build();
    }
  }

  /** The pool a pgvector store reads through; closed after the store. Not a {@code DataSource} bean, so that the
   * application's own {@code DataSource} is configured as it would be without Quarry. */
  record PgVectorPool(HikariDataSource dataSource) implements AutoCloseable {
    @Override
    public void close() {
      dataSource.close();
    }
  }

  /** Chroma over its HTTP API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ChromaVectorStore.class)
  @ConditionalOnStoreUrl("chroma")
  static class Chroma {
    @Bean
    @ConditionalOnMissingBean(VectorStore.class)
    ChromaVectorStore quarryVectorStore(QuarryProperties properties, EmbeddingModel model) {
      requireOneServer(properties);
      QuarryProperties.Chroma chroma = properties.getStore().getChroma();
      ChromaVectorStore.Builder store = ChromaVectorStore.builder(chroma.getUrl(), model.dimension())
          .collection(chroma.getCollection()).createIfMissing(chroma.isCreateIfMissing());
      if (chroma.getApiKey() != null) {
        store.apiKey(chroma.getApiKey());
      }
      return store.build();
    }
  }

  /** Qdrant over gRPC. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(QdrantVectorStore.class)
  @ConditionalOnStoreUrl("qdrant")
  static class Qdrant {
    @Bean
    @ConditionalOnMissingBean(VectorStore.class)
    QdrantVectorStore quarryVectorStore(QuarryProperties properties, EmbeddingModel model) {
      requireOneServer(properties);
      QuarryProperties.Qdrant qdrant = properties.getStore().getQdrant();
      QdrantVectorStore.Builder store = QdrantVectorStore.builder(qdrant.getUrl(), model.dimension())
          .collection(qdrant.getCollection()).createIfMissing(qdrant.isCreateIfMissing());
      if (qdrant.getApiKey() != null) {
        store.apiKey(qdrant.getApiKey());
      }
      return store.build();
    }
  }

  /** Milvus over gRPC. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MilvusVectorStore.class)
  @ConditionalOnStoreUrl("milvus")
  static class Milvus {
    @Bean
    @ConditionalOnMissingBean(VectorStore.class)
    MilvusVectorStore quarryVectorStore(QuarryProperties properties, EmbeddingModel model) {
      requireOneServer(properties);
      QuarryProperties.Milvus milvus = properties.getStore().getMilvus();
      MilvusVectorStore.Builder store = MilvusVectorStore.builder(milvus.getUrl(), model.dimension())
          .collection(milvus.getCollection()).createIfMissing(milvus.isCreateIfMissing());
      if (milvus.getToken() != null) {
        store.token(milvus.getToken());
      }
      return store.build();
    }
  }
}
