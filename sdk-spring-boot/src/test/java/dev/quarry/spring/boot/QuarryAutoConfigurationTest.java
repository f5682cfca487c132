package dev.quarry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.document.Document;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.VectorStore;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerKind;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.ScriptedChatModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link QuarryAutoConfiguration} in real Spring contexts ({@link ApplicationContextRunner}): what an application
 * with no beans of its own gets, how properties change it, that an application's beans win, and that a store
 * folder outlives the context. Most contexts get the testkit's hashing embedding model (a test double) as their
 * own bean, to stay fast; two run real bundled models (MiniLM, and bge-small for its threshold).
 */
class QuarryAutoConfigurationTest {
  private static final List<Document> DOCUMENTS = List.of(
      Document.of("bread", "Sourdough bread rises with a starter of wild yeast and lactic acid bacteria."),
      Document.of("lighthouse", "The lighthouse flashes its white light every ten seconds to warn ships."));

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(QuarryAutoConfiguration.class));

  private ApplicationContextRunner withHashing() {
    return runner.withBean(EmbeddingModel.class, () -> new HashingEmbeddingModel(64));
  }

  @Test
  void withNothingSetAnApplicationGetsTheBundledModelAHybridStackAndExtractiveAnswers() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(OnnxEmbeddingModel.class).hasSingleBean(EmbeddedVectorStore.class)
          .hasSingleBean(Bm25Index.class).hasSingleBean(Ingestor.class).hasSingleBean(Rag.class);
      assertThat(context.getBean(Retriever.class)).isInstanceOf(HybridRetriever.class);

      context.getBean(Ingestor.class).ingest(DOCUMENTS);
      Answer answer = context.getBean(Rag.class).ask("What makes sourdough bread rise?");

      assertThat(context.getBean(VectorStore.class).count()).isEqualTo(2);
      assertThat(context.getBean(Bm25Index.class).count()).isEqualTo(2);
      assertThat(answer.kind()).isEqualTo(AnswerKind.EXTRACTIVE);
      assertThat(answer.citations()).first().satisfies(c -> assertThat(c.documentId())
          .isEqualTo("bread"));
    });
  }

  /**
   * bge-small's similarities run higher than MiniLM's, so its preset brings its own extractive threshold (0.60,
   * not 0.35): with the lower one, bge-small quotes a sentence for an off-topic question. This checks that the
   * starter applies the preset's value.
   */
  @Test
  void theBgeSmallPresetDeclinesAnOffTopicQuestionWithItsOwnThreshold() {
    runner.withPropertyValues("quarry.embedding.preset=BGE_SMALL_EN_V15").run(context -> {
      assertThat(context.getBean(OnnxEmbeddingModel.class).preset()).contains(EmbeddingPreset.BGE_SMALL_EN_V15);
      context.getBean(Ingestor.class).ingest(DOCUMENTS);
      Rag rag = context.getBean(Rag.class);

      Answer onTopic = rag.ask("What makes sourdough bread rise?");
      Answer offTopic = rag.ask("Who won the football world cup in 1998?");

      assertThat(onTopic.kind()).isEqualTo(AnswerKind.EXTRACTIVE);
      assertThat(onTopic.citations()).first().satisfies(c -> assertThat(c.documentId()).isEqualTo("bread"));
      assertThat(offTopic.retrieved()).isNotEmpty();
      assertThat(offTopic.kind()).isEqualTo(AnswerKind.NOT_FOUND);
      assertThat(offTopic.citations()).isEmpty();
    });
  }

  @Test
  void theRetrievalModeComesFromProperties() {
    withHashing().withPropertyValues("quarry.retrieval.mode=bm25").run(context ->
        assertThat(context.getBean(Retriever.class)).isInstanceOf(Bm25Retriever.class));
    withHashing().withPropertyValues("quarry.retrieval.mode=dense").run(context ->
        assertThat(context.getBean(Retriever.class)).isInstanceOf(DenseRetriever.class));
    withHashing().withPropertyValues("quarry.retrieval.mode=sideways").run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("sideways"));
  }

  @Test
  void anApplicationsOwnBeansWin() {
    EmbeddedVectorStore mine = EmbeddedVectorStore.builder(64).build();
    Retriever myRetriever = query -> List.of();
    withHashing().withBean(VectorStore.class, () -> mine).withBean(Retriever.class, () -> myRetriever)
        .run(context -> {
          assertThat(context).doesNotHaveBean(OnnxEmbeddingModel.class).doesNotHaveBean("quarryVectorStore")
              .doesNotHaveBean("quarryRetriever");
          assertThat(context.getBean(VectorStore.class)).isSameAs(mine);
          context.getBean(Ingestor.class).ingest(DOCUMENTS);
          assertThat(mine.count()).isEqualTo(2);
          assertThat(context.getBean(Rag.class).ask("bread?").retrieved()).isEmpty();
        });
  }

  @Test
  void anApplicationsChatModelWritesTheAnswers() {
    ChatModel chat = ScriptedChatModel.builder().reply("Wild yeast makes it rise [1].").build();
    withHashing().withBean(ChatModel.class, () -> chat).run(context -> {
      context.getBean(Ingestor.class).ingest(DOCUMENTS);
      Answer answer = context.getBean(Rag.class).ask("What makes sourdough bread rise?");
      assertThat(answer.kind()).isEqualTo(AnswerKind.GENERATED);
      assertThat(answer.text()).contains("Wild yeast");
    });
  }

  @Test
  void aStoreFolderOutlivesTheContextAndIsReleasedOnClose(@TempDir Path folder) {
    ApplicationContextRunner persistent = withHashing().withPropertyValues("quarry.store.folder=" + folder);
    persistent.run(context -> context.getBean(Ingestor.class).ingest(DOCUMENTS));

    persistent.run(context -> {
      assertThat(context.getBean(VectorStore.class).count()).isEqualTo(2);
      assertThat(context.getBean(Retriever.class).retrieve(Query.of("wild yeast starter"))).first()
          .satisfies(hit -> assertThat(hit.chunk().documentId()).isEqualTo("bread"));
    });
    assertThat(Files.isDirectory(folder.resolve("index"))).isTrue();
    assertThat(Files.isDirectory(folder.resolve("keywords"))).isTrue();
  }

  @Test
  void closingTheContextCheckpointsTheStoreAndReleasesItsFolder(@TempDir Path folder) {
    withHashing().withPropertyValues("quarry.store.folder=" + folder).run(context -> {
      EmbeddedVectorStore store = context.getBean(EmbeddedVectorStore.class);
      java.time.Instant opened = store.lastCheckpoint().orElseThrow();
      context.getBean(Ingestor.class).ingest(DOCUMENTS);
      context.close();
      assertThat(store.isOpen()).isFalse();
      try (EmbeddedVectorStore again = EmbeddedVectorStore.builder(64).folder(folder.resolve("index")).build()) {
        assertThat(again.count()).isEqualTo(2); // the lock is free and the records were kept
        assertThat(again.lastCheckpoint().orElseThrow()).isAfterOrEqualTo(opened.minusSeconds(2));
      }
      try (Bm25Index keywords = Bm25Index.builder().folder(folder.resolve("keywords")).build()) {
        assertThat(keywords.count()).isEqualTo(2);
      }
    });
  }

  @Test
  void indexAndFusionOptionsComeFromProperties() {
    withHashing().withPropertyValues("quarry.store.index.type=exact").run(context ->
        assertThat(context.getBean(EmbeddedVectorStore.class).index()).hasToString("exact"));
    withHashing().withPropertyValues("quarry.store.index.type=hnsw", "quarry.store.index.ef-search=200",
        "quarry.store.index.m=8").run(context ->
        assertThat(context.getBean(EmbeddedVectorStore.class).index().toString()).contains("m=8", "efSearch=200"));
    withHashing().withPropertyValues("quarry.retrieval.fusion=rrf", "quarry.retrieval.rrf-k=20").run(context ->
        assertThat(context.getBean(Retriever.class).toString()).contains("fusion=Fusion.rrf(20)"));
    withHashing().run(context ->
        assertThat(context.getBean(Retriever.class).toString()).contains("fusion=Fusion.adaptive()"));
    withHashing().withPropertyValues("quarry.retrieval.fusion=convex", "quarry.retrieval.dense-weight=0.7")
        .run(context ->
        assertThat(context.getBean(Retriever.class).toString()).contains("fusion=Fusion.weighted(Z_SCORE, [0.7, 0.3"));
    withHashing().withPropertyValues("quarry.store.index.m=0").run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("m must"));
  }

  @Test
  void modelFilesComeInPairs(@TempDir Path folder) {
    runner.withPropertyValues("quarry.embedding.model-file=" + folder.resolve("model.onnx")).run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining(
            "quarry.embedding.model-file and quarry.embedding.tokenizer-file go together"));
  }

  @Test
  void idesCanCompleteTheProperties() throws Exception {
    String metadata = new String(getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(metadata).contains("quarry.embedding.preset", "quarry.embedding.model-file", "quarry.store.folder",
        "quarry.store.index.type", "quarry.store.index.ef-search", "quarry.store.pgvector.url",
        "quarry.store.chroma.url", "quarry.store.qdrant.api-key", "quarry.store.milvus.token",
        "quarry.retrieval.mode", "quarry.retrieval.fusion", "quarry.retrieval.depth", "quarry.retrieval.dense-weight",
        "quarry.retrieval.rrf-k", "quarry.answers.max-results", "quarry.answers.max-context-tokens",
        "quarry.ingest.on-startup", "quarry.ingest.folders", "quarry.sql.enabled", "quarry.sql.tables",
        "quarry.sql.columns", "quarry.sql.max-rows", "quarry.sql.statement-timeout",
        "quarry.sql.require-least-privilege");
    // the descriptions come from the fields' Javadoc
    assertThat(metadata).contains("Whether the folders are ingested when the application starts");
  }
}
