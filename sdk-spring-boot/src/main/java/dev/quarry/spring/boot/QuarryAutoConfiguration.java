package dev.quarry.spring.boot;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.VectorStore;
import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.budget.ContextBudget;
import dev.quarry.rag.ingest.IngestListener;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.pipeline.AnswerListener;
import dev.quarry.rag.pipeline.AnswerMode;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.Fusion;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.rag.retrieval.Normalization;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.HnswOptions;
import dev.quarry.vectorstore.IndexOptions;
import dev.quarry.vectorstore.IvfOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Quarry's stack as beans, each replaced by an application bean of the same type: the embedding model (a bundled
 * preset or model files), the vector store (the embedded store, in {@code quarry.store.folder} or in memory, unless
 * {@link QuarryStoreAutoConfiguration} made a server store), the BM25 index, an {@link Ingestor} that writes to
 * both, a {@link QuarryIngestion} service (which can ingest {@code quarry.ingest.folders} at start-up), the
 * {@link Retriever} ({@code quarry.retrieval.*}) and the {@link Rag} pipeline ({@code quarry.answers.*}), which
 * answers with the application's chat model (see {@link QuarryChatModelAutoConfiguration}) if it has one, else
 * extractively. {@link IngestListener} and {@link AnswerListener} beans (the metrics, for one) hear every ingest
 * and answer.
 *
 * <p>Beans Quarry makes are closed by the context on shutdown, each after the beans that use it: the pipeline and
 * the ingestor first, then the BM25 index and the store (which checkpoints and releases its folder lock), then the
 * embedding model.
 */
@AutoConfiguration
@EnableConfigurationProperties(QuarryProperties.class)
public class QuarryAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(QuarryAutoConfiguration.class);

  /** The embedding model of {@code quarry.embedding.*}. */
  @Bean
  @ConditionalOnMissingBean(EmbeddingModel.class)
  public OnnxEmbeddingModel quarryEmbeddingModel(QuarryProperties properties) {
    QuarryProperties.Embedding embedding = properties.getEmbedding();
    if ((embedding.getModelFile() == null) != (embedding.getTokenizerFile() == null)) {
      throw new IllegalStateException("quarry.embedding.model-file and quarry.embedding.tokenizer-file go together:"
          + " set both (an ONNX model and its tokenizer.json) or neither (the preset "
          + embedding.getPreset() + ")");
    }
    OnnxEmbeddingModel.Builder model = OnnxEmbeddingModel.builder();
    return embedding.getModelFile() != null
        ? model.modelFiles(embedding.getModelFile(), embedding.getTokenizerFile()).build()
        : model.preset(embedding.getPreset()).build();
  }

  /** The embedded store, in {@code quarry.store.folder}{@code /index} or in memory. */
  @Bean
  @ConditionalOnMissingBean(VectorStore.class)
  public EmbeddedVectorStore quarryVectorStore(QuarryProperties properties, EmbeddingModel model) {
    List<String> servers = QuarryStoreAutoConfiguration.serverUrlsSet(properties.getStore());
    if (!servers.isEmpty()) { // the adapter's configuration would have made the store
      String prefix = servers.getFirst().substring(0, servers.getFirst().lastIndexOf('.'));
      throw new IllegalStateException(servers.getFirst() + " is set, but the adapter is not on the class path:"
          + " add the dependency dev.quarry:quarry-vectorstore-" + prefix.substring(prefix.lastIndexOf('.') + 1)
          + " (or remove the property to use the embedded store)");
    }
    EmbeddedVectorStore.Builder store =
        EmbeddedVectorStore.builder(model.dimension()).index(index(properties.getStore().getIndex()));
    if (properties.getStore().getFolder() != null) {
      store.folder(properties.getStore().getFolder().resolve("index"));
    }
    return store.build();
  }

  private static IndexOptions index(QuarryProperties.Index index) {
    return switch (index.getType()) {
      case HNSW -> HnswOptions.builder().m(index.getM()).efConstruction(index.getEfConstruction())
          .efSearch(index.getEfSearch()).build();
      case IVF -> IvfOptions.builder().nprobe(index.getNprobe()).build();
      case EXACT -> IndexOptions.exact();
    };
  }

  /** The BM25 index, in {@code quarry.store.folder}{@code /keywords} or in memory. */
  @Bean
  @ConditionalOnMissingBean(Bm25Index.class)
  public Bm25Index quarryKeywordIndex(QuarryProperties properties) {
    Bm25Index.Builder keywords = Bm25Index.builder();
    if (properties.getStore().getFolder() != null) {
      keywords.folder(properties.getStore().getFolder().resolve("keywords"));
    }
    return keywords.build();
  }

  /** Ingests into the vector store and the BM25 index at once; the listener beans hear each run. */
  @Bean
  @ConditionalOnMissingBean(Ingestor.class)
  public Ingestor quarryIngestor(EmbeddingModel model, VectorStore store, Bm25Index keywords,
      ObjectProvider<IngestListener> listeners) {
    return Ingestor.builder(model, keywords.syncing(store))
        .listener(Listeners.ingest(listeners.orderedStream().toList()))
        .build();
  }

  /** Ingests folders on demand and, if {@code quarry.ingest.on-startup}, the configured ones at start-up. */
  @Bean
  @ConditionalOnMissingBean(QuarryIngestion.class)
  public QuarryIngestion quarryIngestion(Ingestor ingestor, QuarryProperties properties) {
    return new QuarryIngestion(ingestor, properties.getIngest().getInclude());
  }

  /** Ingests {@code quarry.ingest.folders} once the application has started. */
  @Bean
  @ConditionalOnBooleanProperty("quarry.ingest.on-startup")
  public ApplicationRunner quarryStartupIngestion(QuarryIngestion ingestion, QuarryProperties properties) {
    return arguments -> ingestion.ingestAll(properties.getIngest().getFolders());
  }

  /** The retriever of {@code quarry.retrieval.*}. */
  @Bean
  @ConditionalOnMissingBean(Retriever.class)
  public Retriever quarryRetriever(QuarryProperties properties, EmbeddingModel model, VectorStore store,
      Bm25Index keywords) {
    QuarryProperties.Retrieval retrieval = properties.getRetrieval();
    Retriever dense = DenseRetriever.builder(model, store).build();
    Retriever bm25 = Bm25Retriever.builder(keywords).build();
    return switch (retrieval.getMode()) {
      case DENSE -> dense;
      case BM25 -> bm25;
      case HYBRID -> HybridRetriever.builder(dense, bm25).depth(retrieval.getDepth()).fusion(switch (
          retrieval.getFusion()) {
        case ADAPTIVE -> Fusion.adaptive();
        case CONVEX -> Fusion.convex(retrieval.getDenseWeight(), Normalization.Z_SCORE);
        case RRF -> Fusion.rrf(retrieval.getRrfK());
      }).build();
    };
  }

  /**
   * The RAG pipeline: the application's chat model if there is one (the {@code @Primary} one of several), else
   * extractive answers; several without a primary stop the start-up rather than answer extractively in silence.
   */
  @Bean
  @ConditionalOnMissingBean(Rag.class)
  public Rag quarryRag(QuarryProperties properties, Retriever retriever, EmbeddingModel model,
      ObjectProvider<ChatModel> chatModel, ObjectProvider<AnswerListener> listeners) {
    ChatModel chat = chatModel.getIfUnique();
    if (chat == null && chatModel.stream().findAny().isPresent()) {
      throw new IllegalStateException("several Quarry ChatModel beans and none is @Primary: mark the one that"
          + " should answer questions @Primary, or declare your own Rag bean");
    }
    LOG.info("Quarry answers with {}",
        chat != null ? "the chat model " + chat.getClass().getSimpleName() : "extracted sentences (no chat model)");
    return Rag.builder(retriever).maxResults(properties.getAnswers().getMaxResults())
        .budget(ContextBudget.builder(tokenCounter(model), properties.getAnswers().getMaxContextTokens()).build())
        .answerMode(chat != null ? AnswerMode.chat(chat) : extractive(model))
        .listener(Listeners.answer(listeners.orderedStream().toList()))
        .build();
  }

  /**
   * Extractive answers with the sentence threshold of the model's preset ({@link
   * EmbeddingPreset#minSentenceSimilarity()}), or the mode's default for a model that is not a bundled preset.
   */
  private static AnswerMode extractive(EmbeddingModel model) {
    return model instanceof OnnxEmbeddingModel onnx && onnx.preset().isPresent()
        ? AnswerMode.extractive(model).withMinScore(onnx.preset().get().minSentenceSimilarity())
        : AnswerMode.extractive(model);
  }

  /** The model's own tokenizer, or one token per three characters for a model that does not say. */
  private static TokenCounter tokenCounter(EmbeddingModel model) {
    return model.tokenWindow().<TokenCounter>map(TokenWindow::tokenizer).orElse(text -> (text.length() + 2) / 3);
  }
}
