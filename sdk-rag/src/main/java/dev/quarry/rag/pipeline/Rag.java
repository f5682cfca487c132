package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.rag.budget.ContextBudget;
import dev.quarry.rag.budget.PackedContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The question-answering pipeline: retrieve, fit the hits into a {@link ContextBudget}, and answer with citations.
 *
 * <pre>{@code
 * Rag rag = Rag.builder(retriever).chatModel(chatModel).budget(budget).build();
 * Answer answer = rag.ask("How often does the light flash?");
 * answer.citations().forEach(c -> System.out.println("[" + c.number() + "] " + c.source().orElse(c.documentId())));
 * }</pre>
 *
 * <p>With a chat model, the prompt ({@link #DEFAULT_ANSWER_PROMPT} unless set) numbers the passages {@code [1]}
 * to {@code [n]} and asks the model to cite them; the {@code [n]} markers of its answer become {@link Citation}s.
 * In two-stage mode a first call extracts the key facts with their passage numbers ({@link
 * #DEFAULT_FACTS_PROMPT}) and a second answers from the facts alone ({@link #DEFAULT_ANSWER_FROM_FACTS_PROMPT}):
 * slower, but small models stray less from the sources. Without a chat model the answer is {@linkplain
 * AnswerKind#EXTRACTIVE extractive}: the retrieved sentences that best match the question, copied.
 *
 * <p>Immutable; thread-safe if the retriever, chat model, budget's token counter and embedding model are (Quarry's
 * are). One instance serves any number of threads.
 */
public final class Rag {
  /** The template variable that receives the packed, numbered passages. */
  public static final String CONTEXT = "context";

  /** The template variable that receives the question. */
  public static final String QUESTION = "question";

  /** The template variable that receives the extracted facts, in two-stage mode. */
  public static final String FACTS = "facts";

  /** The answer prompt unless set: numbered passages and the question; variables {@code context, question}. */
  public static final PromptTemplate DEFAULT_ANSWER_PROMPT =
      PromptTemplate.builder("rag-answer", 1).bundled().variables(CONTEXT, QUESTION).build();

  /** The first prompt of two-stage mode unless set: lists facts with their passage numbers. */
  public static final PromptTemplate DEFAULT_FACTS_PROMPT =
      PromptTemplate.builder("rag-facts", 1).bundled().variables(CONTEXT, QUESTION).build();

  /** The second prompt of two-stage mode unless set: answers from the facts; variables {@code facts, question}. */
  public static final PromptTemplate DEFAULT_ANSWER_FROM_FACTS_PROMPT =
      PromptTemplate.builder("rag-answer-from-facts", 1).bundled().variables(FACTS, QUESTION).build();

  /** The token limit of the default budget. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /** Sentences an extractive answer copies at most, unless set. */
  public static final int DEFAULT_EXTRACTIVE_SENTENCES = 3;

  /** A rough token count: one token per three chars, on the safe side for English (about four per token). */
  static final TokenCounter ESTIMATED_TOKENS = Rag::estimateTokens;

  private final Retriever retriever;
  private final ContextBudget budget;
  private final int maxResults;
  private final Answerer answerer;

  private Rag(Retriever retriever, ContextBudget budget, int maxResults, Answerer answerer) {
    this.retriever = retriever;
    this.budget = budget;
    this.maxResults = maxResults;
    this.answerer = answerer;
  }

  /** Starts a pipeline over {@code retriever}. */
  public static Builder builder(Retriever retriever) {
    if (retriever == null) {
      throw new IllegalArgumentException("retriever must not be null");
    }
    return new Builder(retriever);
  }

  /**
   * Answers {@code question} from the best {@code maxResults} chunks.
   *
   * @throws IllegalArgumentException if the question is null or blank, or with the prompt leaves no room under
   *     the budget
   */
  public Answer ask(String question) {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("question must not be null or blank");
    }
    return ask(Query.of(question).withMaxResults(maxResults));
  }

  /** Answers {@code query.text()} from the chunks the query selects (its count and filter apply). */
  public Answer ask(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    long start = System.nanoTime();
    List<SearchHit> hits = retriever.retrieve(query);
    if (hits == null) {
      throw new IllegalStateException("the retriever returned null instead of a list for '" + query.text() + "'");
    }
    long retrieved = System.nanoTime();
    PackedContext context = budget.pack(answerer.parts(query.text()), hits);
    long packed = System.nanoTime();
    Answerer.Draft draft = answerer.answer(query.text(), context);
    long done = System.nanoTime();
    CitationParser.Resolved cited = CitationParser.resolve(draft.cited(), context.passages());
    Timings timings =
        new Timings(
            Duration.ofNanos(retrieved - start),
            Duration.ofNanos(packed - retrieved),
            Duration.ofNanos(done - packed),
            Duration.ofNanos(done - start));
    return new Answer(
        query.text(), draft.text(), draft.kind(), cited.citations(), cited.unknown(), hits, context, draft.facts(),
        draft.prompts(), draft.usage(), timings);
  }

  private static int estimateTokens(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    return (text.length() + 2) / 3;
  }

  /** Options of a {@link Rag}. Not thread-safe; use it on one thread. */
  public static final class Builder {
    private final Retriever retriever;
    private ChatModel chatModel;
    private ContextBudget budget;
    private PromptTemplate answerPrompt;
    private boolean twoStage;
    private PromptTemplate factsPrompt;
    private PromptTemplate answerFromFactsPrompt;
    private int maxResults = Query.DEFAULT_MAX_RESULTS;
    private EmbeddingModel embeddingModel;
    private int extractiveSentences = DEFAULT_EXTRACTIVE_SENTENCES;
    private Locale locale = Locale.ROOT;

    private Builder(Retriever retriever) {
      this.retriever = retriever;
    }

    /** The model that writes answers. Without one, answers are extractive. */
    public Builder chatModel(ChatModel chatModel) {
      this.chatModel = requireNonNull(chatModel, "chat model");
      return this;
    }

    /**
     * The token budget of the prompt and answer; its answer reserve also caps the model's output. Default: {@value
     * #DEFAULT_MAX_TOKENS} tokens estimated at one per three chars. Give a budget built with the chat model's
     * tokenizer for an exact limit.
     */
    public Builder budget(ContextBudget budget) {
      this.budget = requireNonNull(budget, "budget");
      return this;
    }

    /** The single-stage answer prompt; its variables must be {@code context} and {@code question}. */
    public Builder promptTemplate(PromptTemplate template) {
      this.answerPrompt = requireVariables(template, "promptTemplate", CONTEXT, QUESTION);
      return this;
    }

    /** Whether to extract the key facts first and answer from them (two chat calls). Needs a chat model. */
    public Builder twoStage(boolean twoStage) {
      this.twoStage = twoStage;
      return this;
    }

    /** The facts prompt of two-stage mode; its variables must be {@code context} and {@code question}. */
    public Builder factsTemplate(PromptTemplate template) {
      this.factsPrompt = requireVariables(template, "factsTemplate", CONTEXT, QUESTION);
      return this;
    }

    /** The answer prompt of two-stage mode; its variables must be {@code facts} and {@code question}. */
    public Builder answerFromFactsTemplate(PromptTemplate template) {
      this.answerFromFactsPrompt = requireVariables(template, "answerFromFactsTemplate", FACTS, QUESTION);
      return this;
    }

    /** Chunks to retrieve for {@link Rag#ask(String)}. Default {@value Query#DEFAULT_MAX_RESULTS}. */
    public Builder maxResults(int maxResults) {
      if (maxResults <= 0) {
        throw new IllegalArgumentException("maxResults must be > 0, was " + maxResults);
      }
      this.maxResults = maxResults;
      return this;
    }

    /** For extractive answers: score sentences by embedding similarity instead of shared words. */
    public Builder embeddingModel(EmbeddingModel embeddingModel) {
      this.embeddingModel = requireNonNull(embeddingModel, "embedding model");
      return this;
    }

    /** For extractive answers: how many sentences to copy at most. Default {@value #DEFAULT_EXTRACTIVE_SENTENCES}. */
    public Builder extractiveSentences(int sentences) {
      if (sentences <= 0) {
        throw new IllegalArgumentException("extractiveSentences must be > 0, was " + sentences);
      }
      this.extractiveSentences = sentences;
      return this;
    }

    /** For extractive answers: the language whose sentence rules apply. Default {@link Locale#ROOT}. */
    public Builder locale(Locale locale) {
      this.locale = requireNonNull(locale, "locale");
      return this;
    }

    /**
     * The pipeline.
     *
     * @throws IllegalArgumentException if two-stage mode has no chat model, or a prompt is set for a mode that is
     *     not used (two-stage prompts without two-stage mode, the single-stage prompt with it)
     */
    public Rag build() {
      if (twoStage && chatModel == null) {
        throw new IllegalArgumentException("two-stage mode needs a chat model: set chatModel(...)");
      }
      if (!twoStage && (factsPrompt != null || answerFromFactsPrompt != null)) {
        throw new IllegalArgumentException(
            "factsTemplate and answerFromFactsTemplate are used only in two-stage mode: set twoStage(true)");
      }
      if (twoStage && answerPrompt != null) {
        throw new IllegalArgumentException(
            "promptTemplate is not used in two-stage mode: set factsTemplate and answerFromFactsTemplate instead");
      }
      ContextBudget budget =
          this.budget != null ? this.budget : ContextBudget.builder(ESTIMATED_TOKENS, DEFAULT_MAX_TOKENS).build();
      Answerer answerer;
      if (chatModel == null) {
        answerer = new ExtractiveAnswerer(Optional.ofNullable(embeddingModel), extractiveSentences, locale);
      } else if (twoStage) {
        answerer =
            new ChatAnswerer(
                chatModel,
                answerFromFactsPrompt != null ? answerFromFactsPrompt : DEFAULT_ANSWER_FROM_FACTS_PROMPT,
                Optional.of(factsPrompt != null ? factsPrompt : DEFAULT_FACTS_PROMPT),
                budget.answerTokens());
      } else {
        answerer =
            new ChatAnswerer(
                chatModel,
                answerPrompt != null ? answerPrompt : DEFAULT_ANSWER_PROMPT,
                Optional.empty(),
                budget.answerTokens());
      }
      return new Rag(retriever, budget, maxResults, answerer);
    }

    private static PromptTemplate requireVariables(PromptTemplate template, String role, String... names) {
      requireNonNull(template, role);
      if (!template.variables().equals(Set.of(names))) {
        throw new IllegalArgumentException(
            role + " " + template.id() + " must use exactly the variables " + List.of(names) + " that Rag fills,"
                + " but uses " + template.variables());
      }
      return template;
    }

    private static <T> T requireNonNull(T value, String what) {
      if (value == null) {
        throw new IllegalArgumentException(what + " must not be null");
      }
      return value;
    }
  }
}
