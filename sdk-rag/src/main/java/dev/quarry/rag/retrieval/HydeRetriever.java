package dev.quarry.rag.retrieval;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorStore;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hypothetical document embeddings (HyDE): a chat model writes a passage that would answer the question, and the
 * store is searched with that passage's embedding, because an answer looks more like the chunks that hold it than
 * a short question does. The passage's facts may be wrong; only its wording and topic matter.
 *
 * <pre>{@code
 * Retriever hyde = HydeRetriever.builder(chatModel, embeddingModel, store).questionWeight(0.3).build();
 * }</pre>
 *
 * <p>The model gets one user message, {@link #DEFAULT_PROMPT} (or the {@linkplain Builder#prompt template}
 * given) with {@code {question}} filled in, and at most {@link Builder#maxPassageTokens} tokens to answer. The
 * passage is embedded as a document ({@link EmbeddingModel#embedDocuments}) and scaled to unit length; with a
 * {@linkplain Builder#questionWeight question weight} {@code w > 0}, the search vector is {@code (1 - w) × passage
 * + w × question}, both unit-length first ({@link EmbeddingModel#embedQuery} for the question), and the sum is
 * scaled to unit length. The store is asked for {@code query.maxResults()} hits with the query's filter; scores are the
 * store's.
 *
 * <p>A reply with no text (blank, or tool calls only) is logged and the question's own embedding is searched, as
 * a {@link DenseRetriever} would. An exception from the model propagates unchanged.
 *
 * <p>Immutable and thread-safe if the models and the store are.
 */
public final class HydeRetriever implements Retriever {
  /** By default the search vector is the passage's alone. */
  public static final double DEFAULT_QUESTION_WEIGHT = 0;
  /** The most tokens the model may spend on the passage when {@link Builder#maxPassageTokens} is not called. */
  public static final int DEFAULT_MAX_PASSAGE_TOKENS = 256;
  /** The prompt template used unless {@link Builder#prompt} is called; placeholder {@code {question}}. */
  public static final String DEFAULT_PROMPT = Prompts.load("hyde-prompt.txt");

  private static final Logger LOG = LoggerFactory.getLogger(HydeRetriever.class);
  private static final Pattern LABEL = Pattern.compile("^(?:passage|answer)\\s*:\\s*", Pattern.CASE_INSENSITIVE);

  private final ChatModel chatModel;
  private final EmbeddingModel embeddingModel;
  private final VectorSearch search;
  private final double questionWeight;
  private final int maxPassageTokens;
  private final String prompt;

  private HydeRetriever(Builder b) {
    this.chatModel = b.chatModel;
    this.embeddingModel = b.embeddingModel;
    this.search = new VectorSearch(b.store, b.searchOptions);
    this.questionWeight = b.questionWeight;
    this.maxPassageTokens = b.maxPassageTokens;
    this.prompt = b.prompt;
  }

  /**
   * Starts a retriever that has {@code chatModel} imagine an answer, embeds it with {@code embeddingModel} (the
   * model the chunks were embedded with) and searches {@code store}.
   */
  public static Builder builder(ChatModel chatModel, EmbeddingModel embeddingModel, VectorStore store) {
    if (chatModel == null || embeddingModel == null || store == null) {
      throw new IllegalArgumentException("chat model, embedding model and vector store must not be null");
    }
    if (embeddingModel.dimension() != store.dimension()) {
      throw new IllegalArgumentException(
          "the embedding model makes " + embeddingModel.dimension() + "-d vectors but the store holds "
              + store.dimension() + "-d ones");
    }
    return new Builder(chatModel, embeddingModel, store);
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    SearchRequest.Builder request = SearchRequest.builder(searchVector(query.text())).maxResults(query.maxResults());
    query.filter().ifPresent(request::filter);
    return search.search(request.build(), query);
  }

  /** The vector to search with: the passage's, mixed with the question's if so configured. */
  private float[] searchVector(String question) {
    String passage = passage(question);
    if (passage.isEmpty()) {
      LOG.warn("the chat model wrote no passage for '{}'; searching with the question's embedding", question);
      return embeddingModel.embedQuery(question);
    }
    float[] passageVector = embeddingModel.embedDocuments(List.of(passage)).get(0);
    if (questionWeight == 0) {
      return UnitVectors.unit(passageVector);
    }
    return UnitVectors.mix(passageVector, 1 - questionWeight, embeddingModel.embedQuery(question), questionWeight);
  }

  /** The model's passage without a "Passage:" label; empty if it wrote no text. */
  private String passage(String question) {
    ChatRequest request =
        ChatRequest.builder(List.of(new UserMessage(Prompts.fill(prompt, 1, question))))
            .maxOutputTokens(maxPassageTokens)
            .build();
    ChatResponse response = chatModel.chat(request);
    return LABEL.matcher(response.message().text().strip()).replaceFirst("").strip();
  }

  @Override
  public String toString() {
    return "HydeRetriever[questionWeight=" + questionWeight + ", maxPassageTokens=" + maxPassageTokens + "]";
  }

  /** Options of a {@link HydeRetriever}. Not thread-safe. */
  public static final class Builder {
    private final ChatModel chatModel;
    private final EmbeddingModel embeddingModel;
    private final VectorStore store;
    private Optional<SearchOptions> searchOptions = Optional.empty();
    private double questionWeight = DEFAULT_QUESTION_WEIGHT;
    private int maxPassageTokens = DEFAULT_MAX_PASSAGE_TOKENS;
    private String prompt = DEFAULT_PROMPT;

    private Builder(ChatModel chatModel, EmbeddingModel embeddingModel, VectorStore store) {
      this.chatModel = chatModel;
      this.embeddingModel = embeddingModel;
      this.store = store;
    }

    /**
     * The question's share of the search vector, in [0, 1); {@value #DEFAULT_QUESTION_WEIGHT} (passage only) by
     * default. A little of the question (0.2 to 0.5) guards against a passage that drifts off topic.
     */
    public Builder questionWeight(double weight) {
      if (!(weight >= 0 && weight < 1)) {
        throw new IllegalArgumentException(
            "question weight must be in [0, 1), was " + weight + " (for the question alone, use DenseRetriever)");
      }
      this.questionWeight = weight;
      return this;
    }

    /** The most tokens the model may write; {@value #DEFAULT_MAX_PASSAGE_TOKENS} by default. */
    public Builder maxPassageTokens(int tokens) {
      if (tokens <= 0) {
        throw new IllegalArgumentException("maxPassageTokens must be > 0, was " + tokens);
      }
      this.maxPassageTokens = tokens;
      return this;
    }

    /** The prompt template; must contain {@code {question}}. */
    public Builder prompt(String template) {
      this.prompt = Prompts.requireTemplate(template);
      return this;
    }

    /**
     * The vector search's effort for queries that carry none ({@link Query#withSearchOptions}); the store's
     * defaults unless set. The store must be a {@link dev.quarry.api.store.TunableVectorStore}.
     */
    public Builder searchOptions(SearchOptions searchOptions) {
      if (searchOptions == null) {
        throw new IllegalArgumentException("searchOptions must not be null");
      }
      this.searchOptions = Optional.of(searchOptions);
      return this;
    }

    public HydeRetriever build() {
      return new HydeRetriever(this);
    }
  }
}
