package dev.quarry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Document;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.chroma.ChromaVectorStore;
import dev.quarry.vectorstore.pgvector.PgVectorStore;
import dev.quarry.vectorstore.qdrant.QdrantVectorStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Which vector store a context gets: the condition matrix (adapter on the class path or not, URL set or not, two
 * URLs), and whole contexts on the real pgvector and Chroma servers that CI starts.
 */
class QuarryStoreAutoConfigurationTest {
  private static final List<Document> DOCUMENTS = List.of(
      Document.of("bread", "Sourdough bread rises with a starter of wild yeast and lactic acid bacteria."),
      Document.of("lighthouse", "The lighthouse flashes its white light every ten seconds to warn ships."));

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(QuarryStoreAutoConfiguration.class, QuarryAutoConfiguration.class,
          QuarryHealthAutoConfiguration.class))
      .withBean(EmbeddingModel.class, () -> new HashingEmbeddingModel(64));

  @Test
  void withNoUrlTheStoreIsTheEmbeddedOne() {
    runner.run(context -> assertThat(context).hasSingleBean(EmbeddedVectorStore.class)
        .doesNotHaveBean(QuarryStoreAutoConfiguration.PgVectorPool.class));
  }

  @Test
  void aBlankUrlIsNoUrl() {
    runner.withPropertyValues("quarry.store.pgvector.url=", "quarry.store.qdrant.url= ")
        .run(context -> assertThat(context).hasSingleBean(EmbeddedVectorStore.class));
  }

  @Test
  void aUrlChoosesItsAdapterWhoseServerMustAnswer() {
    // Nothing listens on port 9: the adapter was chosen (not the embedded store) and says it cannot reach it.
    runner.withPropertyValues("quarry.store.qdrant.url=http://127.0.0.1:9", "quarry.store.qdrant.collection=docs")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("QdrantVectorStore").hasStackTraceContaining("127.0.0.1:9"));
    runner.withPropertyValues("quarry.store.chroma.url=http://127.0.0.1:9")
        .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("127.0.0.1:9"));
  }

  @Test
  void twoUrlsAreRefusedByName() {
    runner.withPropertyValues("quarry.store.chroma.url=http://127.0.0.1:9", "quarry.store.qdrant.url=http://x:1")
        .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining(
            "set at most one vector database; quarry.store.chroma.url and quarry.store.qdrant.url are all set"));
  }

  @Test
  void aUrlWithoutItsAdapterOnTheClassPathIsAnErrorNotTheEmbeddedStore() {
    runner.withClassLoader(new FilteredClassLoader(QdrantVectorStore.class))
        .withPropertyValues("quarry.store.qdrant.url=http://127.0.0.1:9")
        .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining(
            "quarry.store.qdrant.url is set, but the adapter is not on the class path: add the dependency"
                + " dev.quarry:quarry-vectorstore-qdrant"));
  }

  @Test
  void anApplicationsOwnStoreWinsOverAUrl() {
    EmbeddedVectorStore mine = EmbeddedVectorStore.builder(64).build();
    runner.withBean(VectorStore.class, () -> mine).withPropertyValues("quarry.store.qdrant.url=http://127.0.0.1:9")
        .run(context -> assertThat(context.getBean(VectorStore.class)).isSameAs(mine));
  }

  @Test
  void aContextOnTheRealPgvectorServerIngestsRetrievesReportsHealthAndReleasesItsConnection() throws Exception {
    String url = TestServers.pgvectorUrl();
    String table = "spring_" + UUID.randomUUID().toString().replace("-", "");
    try {
      runner.withPropertyValues("quarry.store.pgvector.url=" + url, "quarry.store.pgvector.table=" + table,
          "quarry.store.pgvector.pool-size=1").run(context -> {
            assertThat(context).hasSingleBean(PgVectorStore.class).doesNotHaveBean(EmbeddedVectorStore.class);
            context.getBean(Ingestor.class).ingest(DOCUMENTS);
            assertThat(context.getBean(Retriever.class).retrieve(Query.of("wild yeast starter"))).first()
                .satisfies(hit -> assertThat(hit.chunk().documentId()).isEqualTo("bread"));
            Health health = context.getBean(QuarryStoreHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "PgVectorStore").containsEntry("records", 2L);
          });
      // The context's pool is closed: the single-backend test server takes a new connection, and the rows stayed.
      runner.withPropertyValues("quarry.store.pgvector.url=" + url, "quarry.store.pgvector.table=" + table,
          "quarry.store.pgvector.pool-size=1", "quarry.retrieval.mode=dense")
          .run(context -> assertThat(context.getBean(VectorStore.class).count()).isEqualTo(2));
    } finally {
      try (Connection connection = DriverManager.getConnection(url); Statement sql = connection.createStatement()) {
        sql.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  @Test
  void aContextOnTheRealChromaServerIngestsAndRetrieves() throws Exception {
    String url = TestServers.chromaUrl();
    String collection = "spring_" + UUID.randomUUID().toString().replace("-", "");
    runner.withPropertyValues("quarry.store.chroma.url=" + url, "quarry.store.chroma.collection=" + collection,
        "quarry.retrieval.mode=dense").run(context -> {
          try {
            assertThat(context).hasSingleBean(ChromaVectorStore.class);
            context.getBean(Ingestor.class).ingest(DOCUMENTS);
            assertThat(context.getBean(Retriever.class).retrieve(Query.of("light that warns ships"))).first()
                .satisfies(hit -> assertThat(hit.chunk().documentId()).isEqualTo("lighthouse"));
            assertThat(context.getBean(QuarryStoreHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
          } finally { // a long-lived Chroma keeps every collection in one SQLite database, which slows as it fills
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v2/tenants/default_tenant"
                + "/databases/default_database/collections/" + collection)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
          }
        });
  }
}
