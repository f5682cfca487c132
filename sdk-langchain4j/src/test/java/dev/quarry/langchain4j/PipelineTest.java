package dev.quarry.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.rag.AugmentationRequest;
import dev.langchain4j.rag.AugmentationResult;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.RetrievalAugmentor;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.testkit.ScriptedChatModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IndexOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bridges together: Quarry embeds and stores chunks, LangChain4j's retrieval augmentor retrieves them into a
 * prompt, and the testkit's scripted model answers it, all in process.
 */
class PipelineTest {
  private static final int DIMENSION = 64;
  private static final List<String> TEXTS =
      List.of(
          "Retrieval augmented generation retrieves chunks before the model answers.",
          "HNSW is a graph index for approximate nearest neighbour search.",
          "BM25 ranks documents by term frequency and document length.");
  private static final String QUESTION = "How does retrieval augmented generation answer?";

  private final WordHashTestEmbeddingModel lc4jEmbeddings = new WordHashTestEmbeddingModel(DIMENSION, false);
  private final EmbeddingModel embeddings =
      LangChain4jEmbeddingModel.builder(lc4jEmbeddings).dimension(DIMENSION).build();
  private final EmbeddedVectorStore store =
      EmbeddedVectorStore.builder(DIMENSION).index(IndexOptions.exact()).build();

  private static AugmentationResult augment(ContentRetriever retriever, String question) {
    RetrievalAugmentor augmentor = DefaultRetrievalAugmentor.builder().contentRetriever(retriever).build();
    dev.langchain4j.data.message.UserMessage message = dev.langchain4j.data.message.UserMessage.from(question);
    return augmentor.augment(
        new AugmentationRequest(
            message,
            dev.langchain4j.rag.query.Metadata.builder()
                .chatMessage(message)
                .invocationContext(InvocationContext.builder().userMessage(message).timestampNow().build())
                .build()));
  }

  private static String promptSeenBy(ScriptedChatModel scripted) {
    return ((UserMessage) scripted.lastRequest().messages().getFirst()).text();
  }

  @Test
  void aQuarryRetrieverFeedsLangChain4jsAugmentorAndTheScriptedModelAnswers() {
    List<float[]> vectors = embeddings.embedDocuments(TEXTS);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      String text = TEXTS.get(i);
      records.add(
          new VectorRecord(new Chunk("doc" + i + "#0", "doc" + i, text, Metadata.of(Map.of("n", i)), 0, text.length()),
              vectors.get(i)));
    }
    store.upsert(records);
    /* Test double: the simplest dense retriever, embedding the query and searching the store. */
    Retriever dense =
        query -> store.search(SearchRequest.builder(embeddings.embedQuery(query.text())).maxResults(query.maxResults()).build());
    ScriptedChatModel scripted =
        ScriptedChatModel.builder().reply("It retrieves relevant chunks, then answers from them.").build();

    AugmentationResult augmented = augment(QuarryContentRetriever.builder(dense).maxResults(1).build(), QUESTION);
    ChatResponse answer = QuarryChatModel.of(scripted).chat(augmented.chatMessage());

    assertThat(augmented.contents()).singleElement()
        .satisfies(content -> assertThat(content.textSegment().metadata().getString("document_id")).isEqualTo("doc0"));
    assertThat(promptSeenBy(scripted)).contains(QUESTION).contains(TEXTS.get(0)).doesNotContain("HNSW", "BM25");
    assertThat(answer.aiMessage().text()).isEqualTo("It retrieves relevant chunks, then answers from them.");
    assertThat(answer.tokenUsage().inputTokenCount())
        .isEqualTo(ScriptedChatModel.DEFAULT_TOKEN_COUNTER.countTokens(promptSeenBy(scripted)));
  }

  @Test
  void langChain4jsOwnStoreRetrieverRunsOnQuarrysStore() {
    QuarryEmbeddingStore lc4jStore = QuarryEmbeddingStore.builder(store).build();
    List<TextSegment> segments = TEXTS.stream().map(TextSegment::from).toList();
    lc4jStore.addAll(lc4jEmbeddings.embedAll(segments).content(), segments);
    ContentRetriever retriever =
        EmbeddingStoreContentRetriever.builder()
            .embeddingStore(lc4jStore)
            .embeddingModel(lc4jEmbeddings)
            .maxResults(1)
            .minScore(0.6)
            .build();
    ScriptedChatModel scripted = ScriptedChatModel.builder().reply("HNSW is a graph index.").build();

    AugmentationResult augmented = augment(retriever, "What kind of index is HNSW?");
    ChatResponse answer = QuarryChatModel.of(scripted).chat(augmented.chatMessage());

    assertThat(augmented.contents()).extracting(c -> c.textSegment().text()).containsExactly(TEXTS.get(1));
    assertThat(promptSeenBy(scripted)).contains(TEXTS.get(1));
    assertThat(answer.aiMessage().text()).isEqualTo("HNSW is a graph index.");
  }
}
