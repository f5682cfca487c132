package dev.quarry.spring.boot;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.VectorStore;
import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.budget.ContextBudget;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.pipeline.AnswerMode;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.Fusion;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.rag.retrieval.Normalization;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Quarry's stack as beans, each replaced by an application bean of the same type: the embedding model (a bundled
 * preset), the vector store (the embedded store, in {@code quarry.store.folder} or in memory), the BM25 index, an
 * {@link Ingestor} that writes to both, the {@link Retriever} ({@code quarry.retrieval.*}) and the {@link Rag}
 * pipeline ({@code quarry.answers.*}), which answers with the application's Quarry {@link ChatModel} bean if it
 * has one, else extractively.
 *
 * <p>Beans Quarry makes are closed by the context on shutdown (Spring calls their {@code close()}), after the beans
 * that use them: the store checkpoints and releases its folder lock.
 */
@AutoConfiguration
@EnableConfigurationProperties(QuarryProperties.class)
public class QuarryAutoConfiguration {

  /** The bundled embedding model of {@code quarry.embedding.preset}. */
  @Bean
  @ConditionalOnMissingBean(EmbeddingModel.class)
  public OnnxEmbeddingModel quarryEmbeddingModel(QuarryProperties properties) {
    return OnnxEmbeddingModel.builder().preset(properties.getEmbedding().getPreset()).build();
  }

  /** The embedded store, in {@code quarry.store.folder}{@code /index} or in memory. */
  @Bean
  @ConditionalOnMissingBean(VectorStore.class)
  public EmbeddedVectorStore quarryVectorStore(QuarryProperties properties, EmbeddingModel model) {
    EmbeddedVectorStore.Builder store = EmbeddedVectorStore.builder(model.dimension());
    if (properties.getStore().getFolder() != null) {
      store.folder(properties.getStore().getFolder().resolve("index"));
    }
    return store.build();
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

  /** Ingests into the vector store and the BM25 index at once. */
  @Bean
  @ConditionalOnMissingBean(Ingestor.class)
  public Ingestor quarryIngestor(EmbeddingModel model, VectorStore store, Bm25Index keywords) {
    return Ingestor.builder(model, keywords.syncing(store)).build();
  }

  /** The retriever of {@code quarry.retrieval.mode}. */
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
      case HYBRID -> HybridRetriever.builder(dense, bm25).depth(retrieval.getDepth())
          .fusion(Fusion.convex(retrieval.getDenseWeight(), Normalization.Z_SCORE)).build();
    };
  }

  /** The RAG pipeline: the application's chat model if there is one, else extractive answers. */
  @Bean
  @ConditionalOnMissingBean(Rag.class)
  public Rag quarryRag(QuarryProperties properties, Retriever retriever, EmbeddingModel model,
      ObjectProvider<ChatModel> chatModel) {
    ChatModel chat = chatModel.getIfUnique();
    return Rag.builder(retriever).maxResults(properties.getAnswers().getMaxResults())
        .budget(ContextBudget.builder(tokenCounter(model), properties.getAnswers().getMaxContextTokens()).build())
        .answerMode(chat != null ? AnswerMode.chat(chat) : AnswerMode.extractive(model))
        .build();
  }

  /** The model's own tokenizer, or one token per three characters for a model that does not say. */
  private static TokenCounter tokenCounter(EmbeddingModel model) {
    return model.tokenWindow().<TokenCounter>map(TokenWindow::tokenizer).orElse(text -> (text.length() + 2) / 3);
  }
}
