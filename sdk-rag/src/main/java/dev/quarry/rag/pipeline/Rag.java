package dev.quarry.rag.pipeline;

import dev.quarry.api.QuarryException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.memory.ChatMemory;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.guardrails.TextGuard;
import dev.quarry.observation.CostingContext;
import dev.quarry.observation.ObservationKeys;
import dev.quarry.observation.ObservationNames;
import dev.quarry.observation.Observations;
import dev.quarry.rag.budget.ContextBudget;
import dev.quarry.rag.budget.PackedContext;
import dev.quarry.rag.budget.PromptParts;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The question-answering pipeline: retrieve, fit the hits into a {@link ContextBudget}, and answer with citations.
 *
 * <pre>{@code
 * Rag rag = Rag.builder(retriever).answerMode(AnswerMode.chat(chatModel)).budget(budget).build();
 * Answer answer = rag.ask("How often does the light flash?");
 * answer.citations().forEach(c -> System.out.println("[" + c.number() + "] " + c.source().orElse(c.documentId())));
 *
 * ChatMemory memory = MessageWindowMemory.builder("user-42", 10).build();
 * rag.ask("Who built the lighthouse?", memory);
 * rag.ask("When did he die?", memory); // searched as "When did <the builder> die?"
 * }</pre>
 *
 * <p>How it answers is an {@link AnswerMode}: a chat model in one call (the prompt numbers the passages {@code
 * [1]} to {@code [n]} and asks the model to cite them), in two (facts first, then the answer from the facts), or
 * extractively, copying the retrieved sentences that best match the question ({@linkplain AnswerMode#extractive()
 * the default}). Whatever the mode, the answer's {@code [n]} markers are renumbered 1 to n in the order they first
 * appear, and each {@link Citation} names the passage it stands for.
 *
 * <p><b>Conversations.</b> Given a {@link ChatMemory}, {@link #ask(String, ChatMemory) ask} (1) takes the user and
 * assistant messages the memory holds (no tool calls, no system prompt, earlier answers without their citation
 * markers), newest first, while they fit in {@value #HISTORY_SHARE_PERCENT}% of the tokens the budget leaves for
 * context and history, starting with a user message; (2) with a chat model, has it rewrite a follow-up question
 * into a standalone one ({@link #DEFAULT_REWRITE_PROMPT}), which is retrieved for and answered (a reply that is not
 * one question, or that the prompt could not hold, is ignored); (3) sends that history between the system prompt
 * and the question, the context packed into what is left; (4) records the question and the answer in the
 * memory. Without a chat model, follow-ups are searched as asked and the history
 * takes no room (an extractive answer copies from the passages alone).
 *
 * <p><b>Retrieved text is data.</b> The context fences each passage between lines that carry a code drawn at
 * random for that question ({@link PackedContext#text()}); the default prompts tell the model that what lies
 * between them is quoted data that it must never obey. A document cannot forge the end of its fence, since it
 * cannot know the code.
 *
 * <p><b>Prompts.</b> Every answer names the templates it used ({@link Answer#prompts()}, and {@code
 * quarry.prompts} on its observation). With a {@link PromptChoice} split ({@link AnswerMode.Chat#withPrompt(
 * PromptChoice)}), each conversation (a memory's id) or, without one, each question keeps one template.
 *
 * <p><b>Observation.</b> With an {@link Builder#observationRegistry ObservationRegistry}, each answer is observed
 * as {@value ObservationNames#ASK} (answer mode and kind, the prompt ids, tokens and, when the chat model is an
 * {@link dev.quarry.observation.ObservedChatModel} with prices, the cost, which also goes into the answer's {@link
 * Answer#metadata()}), with the packing of the context as {@value ObservationNames#CONTEXT_PACKING} under it. The
 * observations of the retriever and the models (wrap them: {@code ObservedChatModel}, {@code ObservedRetriever};
 * {@link dev.quarry.rag.retrieval.HybridRetriever} observes itself) become its children.
 *
 * <p>Immutable; thread-safe if the retriever, models and budget's token counter are (Quarry's are), and the
 * memory (every {@code ChatMemory} must be). One instance serves any number of threads; one memory holds one
 * conversation, so questions in it are asked one after another (two asked at once on one memory both read the
 * history before either is recorded).
 */
public final class Rag {
  /** The template variable that receives the packed, numbered passages. */
  public static final String CONTEXT = "context";

  /** The template variable that receives the question. */
  public static final String QUESTION = "question";

  /** The template variable that receives the extracted facts, in two-stage mode. */
  public static final String FACTS = "facts";

  /** The template variable that receives the conversation so far, when a follow-up question is rewritten. */
  public static final String HISTORY = "history";

  /**
   * The answer prompt unless set: numbered passages, fenced as data it must not obey, and the question; variables
   * {@code context, question}. Version 1, without the data instruction, is still bundled.
   */
  public static final PromptTemplate DEFAULT_ANSWER_PROMPT =
      PromptTemplate.builder("rag-answer", 2).bundled().variables(CONTEXT, QUESTION).build();

  /** The first prompt of two-stage mode unless set: lists facts with their passage numbers, passages as data. */
  public static final PromptTemplate DEFAULT_FACTS_PROMPT =
      PromptTemplate.builder("rag-facts", 2).bundled().variables(CONTEXT, QUESTION).build();

  /** The second prompt of two-stage mode unless set: answers from the facts; variables {@code facts, question}. */
  public static final PromptTemplate DEFAULT_ANSWER_FROM_FACTS_PROMPT =
      PromptTemplate.builder("rag-answer-from-facts", 1).bundled().variables(FACTS, QUESTION).build();

  /** Rewrites a follow-up question into a standalone one unless set; variables {@code history, question}. */
  public static final PromptTemplate DEFAULT_REWRITE_PROMPT =
      PromptTemplate.builder("rag-rewrite", 1).bundled().variables(HISTORY, QUESTION).build();

  /** The metadata key set to {@code hit} on an answer that came from the {@link Builder#answerCache cache}. */
  public static final String CACHE = "quarry.cache";

  /** The text of an answer a guard blocked ({@link AnswerKind#BLOCKED}); {@link Answer#guards()} says why. */
  public static final String BLOCKED = "This request was blocked by a guard and not answered.";

  /** The text of an answer when nothing relevant enough was retrieved ({@link AnswerKind#NOT_FOUND}). */
  public static final String NOTHING_FOUND = "Nothing relevant to this question was found in the documents.";

  /** The token limit of the default budget. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /** The share of the tokens left for context and history that the history may take, in percent. */
  public static final int HISTORY_SHARE_PERCENT = 50;

  /** Tokens counted per history message for the chat format's role markers, on top of its text. */
  static final int MESSAGE_OVERHEAD_TOKENS = 4;

  /** A rough token count: one token per three chars, on the safe side for English (about four per token). */
  static final TokenCounter ESTIMATED_TOKENS = Rag::estimateTokens;

  private final Retriever retriever;
  private final ContextBudget budget;
  private final int maxResults;
  private final Answerer answerer;
  private final Optional<QuestionRewriter> rewriter;
  private final AnswerListener listener;
  private final ObservationRegistry observations;
  private final String modeName;
  private final Optional<Answerer> fallback;
  private final Guards guards;
  private final Optional<AnswerCache> cache;

  private Rag(Builder b, ContextBudget budget, Answerer answerer, Optional<QuestionRewriter> rewriter,
      String modeName) {
    this.retriever = b.retriever;
    this.budget = budget;
    this.maxResults = b.maxResults;
    this.answerer = answerer;
    this.rewriter = rewriter;
    this.listener = b.listener;
    this.observations = b.observations;
    this.modeName = modeName;
    this.fallback = answerer instanceof ChatAnswerer ? b.fallback.map(ExtractiveAnswerer::new) : Optional.empty();
    this.guards = new Guards(b.questionGuard, b.passageGuard, b.answerGuard, b.groundingCheck);
    this.cache = b.answerCache;
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
    return ask(query(question));
  }

  /** Answers {@code query.text()} from the chunks the query selects (its count and filter apply). */
  public Answer ask(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    if (cache.isEmpty()) {
      return answer(query, List.of(), answerer.chosen(query.text()));
    }
    Optional<Answer> cached = cache.get().find(query);
    if (cached.isPresent()) {
      Answer hit = cached.get().withMetadata(CACHE, "hit");
      listener.onAnswer(hit);
      return hit;
    }
    Answer answer = answer(query, List.of(), answerer.chosen(query.text()));
    if (answer.kind() != AnswerKind.BLOCKED && !answer.metadata().containsKey(ChatResponse.FALLBACK_REASON)) {
      cache.get().store(query, answer);
    }
    return answer;
  }

  /**
   * Answers {@code question} as the next turn of the conversation {@code memory} holds, then records the question
   * and the answer in it; see the class comment.
   *
   * @throws IllegalArgumentException if the question is null or blank, or the memory is null
   */
  public Answer ask(String question, ChatMemory memory) {
    return ask(query(question), memory);
  }

  /** Answers {@code query} as the next turn of the conversation {@code memory} holds; see the class comment. */
  public Answer ask(Query query, ChatMemory memory) {
    if (query == null || memory == null) {
      throw new IllegalArgumentException("query and memory must not be null");
    }
    Answer answer = answer(query, answerer.readsHistory() ? turns(memory.messages()) : List.of(),
        answerer.chosen(memory.id()));
    if (answer.kind() != AnswerKind.BLOCKED) { // a blocked turn must not reach the model as history
      memory.add(new UserMessage(answer.question()));
      memory.add(AssistantMessage.of(answer.text()));
    }
    return answer;
  }

  private Query query(String question) {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("question must not be null or blank");
    }
    return Query.of(question).withMaxResults(maxResults);
  }

  /**
   * Answers {@code asked} after the conversation {@code turns} with {@code chosen} (the answerer with its prompts
   * chosen for this question), observed, and tells the listener.
   */
  private Answer answer(Query asked, List<Message> turns, Answerer chosen) {
    CostingContext costs = new CostingContext();
    Observation observation = Observation.createNotStarted(ObservationNames.ASK, () -> costs, observations)
        .contextualName("ask")
        .lowCardinalityKeyValue(ObservationKeys.ANSWER_MODE, modeName)
        .lowCardinalityKeyValue(ObservationKeys.ANSWER_KIND, ObservationKeys.NONE)
        .lowCardinalityKeyValue(ObservationKeys.PROMPTS, ObservationKeys.NONE)
        .lowCardinalityKeyValue(ObservationKeys.GUARD_OUTCOME, ObservationKeys.NONE);
    Answer answer;
    try {
      answer = Observations.observe(observation,
          () -> observed(observation, answerUntold(asked, turns, chosen, costs, observation)));
    } catch (RuntimeException e) {
      try {
        listener.onFailure(asked.text(), e);
      } catch (RuntimeException listenerFailure) {
        e.addSuppressed(listenerFailure); // the answer's failure is what the caller must see
      }
      throw e;
    }
    listener.onAnswer(answer);
    return answer;
  }

  /** {@code answer}, its kind, prompts and usage recorded on {@code observation}. */
  private static Answer observed(Observation observation, Answer answer) {
    observation.lowCardinalityKeyValue(ObservationKeys.ANSWER_KIND, answer.kind().name().toLowerCase(Locale.ROOT))
        .lowCardinalityKeyValue(ObservationKeys.PROMPTS,
            answer.prompts().isEmpty() ? ObservationKeys.NONE : String.join(",", answer.prompts()))
        .highCardinalityKeyValue(ObservationKeys.USAGE_INPUT_TOKENS, Integer.toString(answer.usage().inputTokens()))
        .highCardinalityKeyValue(ObservationKeys.USAGE_OUTPUT_TOKENS, Integer.toString(answer.usage().outputTokens()));
    String cost = answer.metadata().get(Answer.COST);
    if (cost != null) {
      observation.highCardinalityKeyValue(ObservationKeys.COST, cost);
    }
    GuardReport guards = answer.guards();
    observation.lowCardinalityKeyValue(ObservationKeys.GUARD_OUTCOME, guards.blocked() ? "blocked"
            : guards.events().isEmpty() ? ObservationKeys.NONE : "transformed")
        .highCardinalityKeyValue(ObservationKeys.UNSUPPORTED_SENTENCES, Integer.toString(guards.unsupported().size()));
    return answer;
  }

  /**
   * Answers {@code asked} after the conversation {@code turns} (empty without a memory); {@code costs} sums what
   * the priced chat calls under the answer's {@code observation} cost.
   */
  private Answer answerUntold(Query asked, List<Message> turns, Answerer chosen, CostingContext costs,
      Observation observation) {
    long start = System.nanoTime();
    List<GuardEvent> events = new ArrayList<>();
    Optional<Query> guarded = guards.question(asked, events);
    if (guarded.isEmpty()) {
      return blocked(asked, List.of(), pack(parts(chosen, asked.text(), List.of()), List.of()), List.of(),
          TokenUsage.ZERO, Map.of(), events, start);
    }
    Query question = guarded.get();
    List<Message> conversation = fittingHistory(chosen, question.text(), turns);
    Optional<QuestionRewriter.Rewrite> rewrite = conversation.isEmpty() ? Optional.empty()
        : rewriter.flatMap(r -> rewrite(r, conversation, question.text()));
    Optional<String> standalone = rewrite.flatMap(QuestionRewriter.Rewrite::question)
        .filter(q -> !q.equals(question.text()))
        .filter(q -> budget.reservedTokens(chosen.parts(q)) < budget.maxTokens()) // else the prompt cannot hold it
        .flatMap(q -> guards.rewrite(q, events));
    Query query = standalone.map(question::withText).orElse(question);
    List<Message> history = standalone.isPresent()
        ? fittingHistory(chosen, query.text(), turns) // sized again for the question that is sent
        : conversation;
    List<SearchHit> hits = retriever.retrieve(query);
    if (hits == null) {
      throw new IllegalStateException("the retriever returned null instead of a list for '" + query.text() + "'");
    }
    long retrieved = System.nanoTime();
    PackedContext context = pack(parts(chosen, query.text(), history), guards.passages(hits, events));
    long packed = System.nanoTime();
    Answerer.Draft draft = draft(chosen, query.text(), context, history, observation);
    long done = System.nanoTime();
    CitationParser.Resolved cited = draft.shownCitations()
        .map(shown -> CitationParser.shown(draft.text(), shown, context.passages()))
        .orElseGet(() -> CitationParser.resolve(draft.text(), context.passages()));
    List<String> prompts = new ArrayList<>();
    rewrite.ifPresent(r -> prompts.add(r.promptId()));
    prompts.addAll(draft.prompts());
    TokenUsage usage = rewrite.map(r -> r.usage().plus(draft.usage())).orElse(draft.usage());
    Map<String, String> metadata = new LinkedHashMap<>(draft.metadata());
    costs.cost().ifPresent(cost -> metadata.put(Answer.COST, cost.toString()));
    Optional<String> text = guards.answer(cited.text(), events);
    if (text.isEmpty()) {
      return blocked(question, hits, context, prompts, usage, metadata, events, start);
    }
    Timings timings = new Timings(Duration.ofNanos(retrieved - start), Duration.ofNanos(packed - retrieved),
        Duration.ofNanos(done - packed), Duration.ofNanos(System.nanoTime() - start));
    Answer answer = new Answer(
        question.text(), standalone, text.get(), draft.kind(), cited.citations(), cited.unknown(), hits, context,
        guards.facts(draft.facts(), events), prompts, usage, timings, metadata, GuardReport.NONE);
    return answer.withGuards(new GuardReport(events, guards.unsupported(answer)));
  }

  /** The answer when a guard blocked the question (nothing retrieved) or the answer (nothing cited). */
  private static Answer blocked(Query question, List<SearchHit> hits, PackedContext context, List<String> prompts,
      TokenUsage usage, Map<String, String> metadata, List<GuardEvent> events, long start) {
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    return new Answer(question.text(), Optional.empty(), BLOCKED, AnswerKind.BLOCKED, List.of(), List.of(), hits,
        context, Optional.empty(), prompts, usage, new Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, total),
        metadata, new GuardReport(events, List.of()));
  }

  /**
   * The rewrite of a follow-up question; with a fallback, none when the chat model fails (the question is then
   * searched for as asked).
   */
  private Optional<QuestionRewriter.Rewrite> rewrite(QuestionRewriter rewriter, List<Message> conversation,
      String question) {
    try {
      return Optional.of(rewriter.rewrite(conversation, question));
    } catch (QuarryException e) {
      if (fallback.isEmpty()) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /** The answerer's draft; with a fallback, the fallback's when the chat model fails, saying why. */
  private Answerer.Draft draft(Answerer chosen, String question, PackedContext context, List<Message> history,
      Observation observation) {
    try {
      return chosen.answer(question, context, history);
    } catch (QuarryException e) {
      if (fallback.isEmpty()) {
        throw e;
      }
      String reason = Observations.errorType(e);
      observation.event(Observation.Event.of("quarry.extractive_fallback", "the chat model failed with " + reason
          + "; answered extractively"));
      Answerer.Draft extractive = fallback.get().answer(question, context, history);
      Map<String, String> metadata = new LinkedHashMap<>(extractive.metadata());
      metadata.put(ChatResponse.MODEL, "extractive");
      metadata.put(ChatResponse.FALLBACK_REASON, reason);
      return new Answerer.Draft(extractive.text(), extractive.kind(), extractive.shownCitations(), extractive.facts(),
          extractive.prompts(), extractive.usage(), metadata);
    }
  }

  /** The hits packed into the budget, observed. */
  private PackedContext pack(PromptParts parts, List<SearchHit> hits) {
    Observation observation =
        Observation.createNotStarted(ObservationNames.CONTEXT_PACKING, observations).contextualName("pack context");
    return Observations.observe(observation, () -> {
      PackedContext packed = budget.pack(parts, hits);
      observation.highCardinalityKeyValue(ObservationKeys.PASSAGES, Integer.toString(packed.passages().size()))
          .highCardinalityKeyValue(ObservationKeys.CONTEXT_TOKENS, Integer.toString(packed.report().contextTokens()));
      return packed;
    });
  }

  /** The prompt parts of {@code question} with {@code history}, its per-message overhead reserved. */
  private PromptParts parts(Answerer chosen, String question, List<Message> history) {
    PromptParts parts = chosen.parts(question);
    return parts.withHistory(history.stream().map(Rag::text).toList())
        .withReservedTokens(parts.reservedTokens() + MESSAGE_OVERHEAD_TOKENS * history.size());
  }

  /**
   * The newest messages of {@code turns} that fit in {@value #HISTORY_SHARE_PERCENT}% of the tokens the prompt
   * leaves for context and history, oldest first.
   */
  private List<Message> fittingHistory(Answerer chosen, String question, List<Message> turns) {
    long room = budget.maxTokens() - budget.reservedTokens(chosen.parts(question));
    long allowance = room * HISTORY_SHARE_PERCENT / 100;
    int from = turns.size();
    long used = 0;
    while (from > 0) {
      long tokens = budget.tokenCounter().countTokens(text(turns.get(from - 1))) + MESSAGE_OVERHEAD_TOKENS;
      if (used + tokens > allowance) {
        break;
      }
      used += tokens;
      from--;
    }
    while (from < turns.size() && !(turns.get(from) instanceof UserMessage)) {
      from++; // a conversation sent to a model starts with the user
    }
    return List.copyOf(turns.subList(from, turns.size()));
  }

  /**
   * The user messages and the assistant's answers of a memory, alternating: no system prompt, no tool calls or
   * results; user messages with no answer between them joined into one; the citation markers of earlier answers
   * removed, since their numbers meant that turn's passages, not this one's.
   */
  private static List<Message> turns(List<Message> messages) {
    List<Message> turns = new ArrayList<>();
    for (Message message : messages) {
      switch (message) {
        case UserMessage u when !turns.isEmpty() && turns.getLast() instanceof UserMessage previous ->
            turns.set(turns.size() - 1, new UserMessage(previous.text() + "\n\n" + u.text()));
        case UserMessage u -> turns.add(u);
        case AssistantMessage a when !a.hasToolCalls() && !CitationParser.withoutMarkers(a.text()).isBlank() ->
            turns.add(AssistantMessage.of(CitationParser.withoutMarkers(a.text())));
        default -> { }
      }
    }
    return turns;
  }

  private static String text(Message message) {
    return switch (message) {
      case UserMessage u -> u.text();
      case AssistantMessage a -> a.text();
      default -> throw new IllegalStateException("not a conversation turn: " + message);
    };
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
    private AnswerMode answerMode = AnswerMode.extractive();
    private ContextBudget budget;
    private int maxResults = Query.DEFAULT_MAX_RESULTS;
    private AnswerListener listener = AnswerListener.NONE;
    private ObservationRegistry observations = ObservationRegistry.NOOP;
    private Optional<AnswerMode.Extractive> fallback = Optional.empty();
    private Optional<TextGuard> questionGuard = Optional.empty();
    private Optional<TextGuard> passageGuard = Optional.empty();
    private Optional<TextGuard> answerGuard = Optional.empty();
    private Optional<GroundingCheck> groundingCheck = Optional.empty();
    private Optional<AnswerCache> answerCache = Optional.empty();

    private Builder(Retriever retriever) {
      this.retriever = retriever;
    }

    /**
     * How answers are made: {@link AnswerMode#extractive()} (copied sentences, scored by shared words) unless
     * set.
     */
    public Builder answerMode(AnswerMode answerMode) {
      if (answerMode == null) {
        throw new IllegalArgumentException("answer mode must not be null");
      }
      this.answerMode = answerMode;
      return this;
    }

    /**
     * The token budget of the prompt and answer; its answer reserve also caps the model's output. Default: {@value
     * #DEFAULT_MAX_TOKENS} tokens estimated at one per three chars. Give a budget built with the chat model's
     * tokenizer for an exact limit.
     */
    public Builder budget(ContextBudget budget) {
      if (budget == null) {
        throw new IllegalArgumentException("budget must not be null");
      }
      this.budget = budget;
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

    /** Hears every answer and failure, for metrics; none unless set. */
    public Builder listener(AnswerListener listener) {
      if (listener == null) {
        throw new IllegalArgumentException("listener must not be null");
      }
      this.listener = listener;
      return this;
    }

    /**
     * Where each answer and its context packing are observed; see the class comment. None ({@link
     * ObservationRegistry#NOOP}) unless set.
     */
    public Builder observationRegistry(ObservationRegistry observations) {
      if (observations == null) {
        throw new IllegalArgumentException("observation registry must not be null (ObservationRegistry.NOOP: none)");
      }
      this.observations = observations;
      return this;
    }

    /**
     * Answers extractively with {@code fallback} when the chat model fails with a {@link QuarryException} (a
     * rate limit, a timeout, an open circuit breaker, a refused request: what is left after the model's own
     * retries and fallback chain), instead of throwing; a follow-up question whose rewrite fails is then searched
     * for as asked. The answer's metadata says so: {@link ChatResponse#MODEL} {@code extractive} and {@link
     * ChatResponse#FALLBACK_REASON} the failure's type; the answer's observation gets a {@code quarry.extractive_fallback}
     * event. Without it (the default) the failure reaches the caller. A programming error ({@code
     * IllegalArgumentException}, {@code IllegalStateException}) always does. Ignored in extractive mode.
     */
    public Builder extractiveFallback(AnswerMode.Extractive fallback) {
      if (fallback == null) {
        throw new IllegalArgumentException("extractive fallback must not be null (e.g. AnswerMode.extractive())");
      }
      this.fallback = Optional.of(fallback);
      return this;
    }

    /**
     * Checks each question before anything is retrieved: a {@code Transform} (say, redacted personal data) is what
     * is searched for, sent and recorded; a {@code Block} (say, a prompt injection) answers {@link #BLOCKED} with
     * kind {@link AnswerKind#BLOCKED}, retrieves nothing, calls no model and records nothing in a memory. None
     * unless set.
     */
    public Builder questionGuard(TextGuard guard) {
      this.questionGuard = Optional.of(requireGuard(guard, "question guard"));
      return this;
    }

    /**
     * Checks each retrieved hit's text before it is packed into the prompt: a {@code Block} drops the hit, a
     * {@code Transform} replaces its text in the prompt (the store is not changed). None unless set. Passages are
     * fenced as data in the prompt whatever this guard says.
     */
    public Builder passageGuard(TextGuard guard) {
      this.passageGuard = Optional.of(requireGuard(guard, "passage guard"));
      return this;
    }

    /**
     * Checks each answer's text after its citations are resolved: a {@code Transform} (say, redaction of secrets)
     * replaces it, a {@code Block} answers {@link #BLOCKED}. None unless set.
     */
    public Builder answerGuard(TextGuard guard) {
      this.answerGuard = Optional.of(requireGuard(guard, "answer guard"));
      return this;
    }

    /**
     * Answers plain questions asked again from {@code cache}, marking such answers {@value #CACHE}{@code =hit}; see
     * {@link AnswerCache} for what is kept and when to clear it. None unless set.
     */
    public Builder answerCache(AnswerCache cache) {
      if (cache == null) {
        throw new IllegalArgumentException("answer cache must not be null");
      }
      this.answerCache = Optional.of(cache);
      return this;
    }

    /** Flags the sentences of generated answers that their cited passages do not support. None unless set. */
    public Builder groundingCheck(GroundingCheck check) {
      if (check == null) {
        throw new IllegalArgumentException("grounding check must not be null");
      }
      this.groundingCheck = Optional.of(check);
      return this;
    }

    private static TextGuard requireGuard(TextGuard guard, String what) {
      if (guard == null) {
        throw new IllegalArgumentException(what + " must not be null");
      }
      return guard;
    }

    /** The pipeline. */
    public Rag build() {
      ContextBudget budget =
          this.budget != null ? this.budget : ContextBudget.builder(ESTIMATED_TOKENS, DEFAULT_MAX_TOKENS).build();
      return switch (answerMode) {
        case AnswerMode.Chat chat -> new Rag(this, budget,
            new ChatAnswerer(chat.model(), chat.prompt(), Optional.empty(), budget.answerTokens()),
            Optional.of(new QuestionRewriter(chat.model(), chat.rewritePrompt())), "chat");
        case AnswerMode.TwoStage two -> new Rag(this, budget,
            new ChatAnswerer(two.model(), PromptChoice.of(two.answerPrompt()), Optional.of(two.factsPrompt()),
                budget.answerTokens()),
            Optional.of(new QuestionRewriter(two.model(), two.rewritePrompt())), "two_stage");
        case AnswerMode.Extractive extractive ->
            new Rag(this, budget, new ExtractiveAnswerer(extractive), Optional.empty(), "extractive");
      };
    }
  }
}
